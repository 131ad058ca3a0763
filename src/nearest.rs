//! "Did you mean …?": the name nearest to one the writer misspelt, among
//! those that exist. Below every stage, as front matter keys and template
//! names both use it.

/// The candidate nearest to `word`, when it is near enough to be what the
/// writer meant: at most two one-character edits apart (and fewer than
/// half the name's length), or `word` cut off (`sort` for `sort_by`).
pub(crate) fn nearest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| {
            // `sort` for `sort_by`: a cut-off name is as near as a typo.
            let cut = word.len() >= 3 && c.starts_with(word);
            (if cut { 1 } else { edit_distance(word, c) }, c)
        })
        .filter(|(d, c)| *d <= 2 && *d < c.len().max(word.len()) / 2 + 1)
        .min()
        .map(|(_, c)| c)
}

/// How many one-character edits turn `a` into `b` (Levenshtein).
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = diagonal + usize::from(ca != *cb);
            diagonal = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(diagonal + 1);
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::{edit_distance, nearest};

    #[test]
    fn the_nearest_name_near_enough() {
        assert_eq!(edit_distance("titel", "title"), 2);
        assert_eq!(edit_distance("", "abc"), 3);
        let keys = ["title", "date", "sort_by", "slug"];
        assert_eq!(nearest("dtae", keys), Some("date"));
        assert_eq!(nearest("sort", keys), Some("sort_by"));
        assert_eq!(nearest("categories", keys), None);
        // Two edits in a two-letter name are too many.
        assert_eq!(nearest("ab", ["xy"]), None);
        let templates = ["page.html", "section.html", "interview.html"];
        assert_eq!(nearest("intervew.html", templates), Some("interview.html"));
        assert_eq!(nearest("interview", templates), Some("interview.html"));
        assert_eq!(nearest("talk.html", templates), None);
    }
}
