//! Pairing translations: by the source's own convention (a shared key,
//! file name or permalink), else by date when that day has one post per
//! language, which is a guess and reported as one.

use std::collections::{BTreeMap, HashMap};

use crate::import::item::{Item, Kind};
use crate::import::links::{map_urls, normalise};
use crate::import::report::Report;

/// Items that are versions of one another (one per language).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Group {
    /// Indexes into the items.
    pub(crate) members: Vec<usize>,
    /// Why the pairing was guessed; `None` when the source said so.
    pub(crate) guessed: Option<String>,
}

/// A translation key that names the other version instead of a shared
/// value (`translation: /en/2019/05/recap/`, `lang_ref: 2019-05-06-recap`)
/// is made the same key on both.
pub(crate) fn follow_references(items: &mut [Item]) {
    let mut ids: HashMap<String, usize> = HashMap::new();
    for (i, item) in items.iter().enumerate() {
        let file = item.source.rsplit('/').next().unwrap_or(&item.source);
        let stem = file.rsplit_once('.').map_or(file, |(s, _)| s);
        for id in item
            .old_url
            .iter()
            .map(|u| normalise(u))
            .chain([stem.to_owned()])
        {
            ids.entry(id).or_insert(i);
        }
    }
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for key in items.iter().filter_map(|i| i.pair.as_deref()) {
        *counts.entry(key).or_default() += 1;
    }
    let mut joins = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let Some(key) = item.pair.as_deref().filter(|k| counts.get(k) == Some(&1)) else {
            continue;
        };
        let target = ids.get(key).or_else(|| ids.get(&normalise(key)));
        if let Some(&j) = target.filter(|&&j| j != i && items[j].lang != item.lang) {
            joins.push((i, j));
        }
    }
    let mut joined = std::collections::HashSet::new();
    for (i, j) in joins {
        if joined.contains(&i) || joined.contains(&j) {
            continue;
        }
        joined.extend([i, j]);
        let key = format!("ref:{}", items[i.min(j)].source);
        items[i].pair = Some(key.clone());
        items[j].pair = Some(key);
    }
}

/// Groups every item: each item is in exactly one group.
pub(crate) fn pair(items: &[Item], report: &mut Report) -> Vec<Group> {
    let mut groups = Vec::new();
    let mut alone = Vec::new();
    let mut by_key: BTreeMap<(bool, &str), Vec<usize>> = BTreeMap::new();
    for (i, item) in items.iter().enumerate() {
        match &item.pair {
            Some(key) => by_key
                .entry((item.kind == Kind::Post, key.as_str()))
                .or_default()
                .push(i),
            None => alone.push(i),
        }
    }
    for ((_, key), ids) in by_key {
        let mut members: Vec<usize> = Vec::new();
        for i in ids {
            if members.iter().any(|&m| items[m].lang == items[i].lang) {
                report.unmapped(
                    &items[i].source,
                    format!(
                        "another {} file has the translation key `{key}`; imported it on its own",
                        items[i].lang.as_deref().unwrap_or("")
                    ),
                );
                alone.push(i);
            } else {
                members.push(i);
            }
        }
        if members.len() > 1 {
            groups.push(Group {
                members,
                guessed: None,
            });
        } else {
            alone.extend(members);
        }
    }
    alone.sort_unstable();
    let (named, alone) = by_name(items, alone);
    groups.extend(named);
    let (dated, alone) = by_date(items, alone);
    groups.extend(dated);
    let (pictured, alone) = by_image(items, alone);
    groups.extend(pictured);
    groups.extend(alone.into_iter().map(|i| Group {
        members: vec![i],
        guessed: None,
    }));
    groups.sort_by_key(|g| g.members[0]);
    groups
}

/// Pairs posts whose names differ only by a language suffix
/// (`leweb` and `leweb-en`, `leweb.en`, `leweb_en`); returns the rest.
fn by_name(items: &[Item], alone: Vec<usize>) -> (Vec<Group>, Vec<usize>) {
    let mut by_base: BTreeMap<(bool, String), Vec<usize>> = BTreeMap::new();
    for &i in &alone {
        let item = &items[i];
        let lang = item.lang.as_deref().unwrap_or("");
        let base = [".", "-", "_"]
            .iter()
            .find_map(|sep| item.name.strip_suffix(&format!("{sep}{lang}")))
            .unwrap_or(&item.name);
        by_base
            .entry((item.kind == Kind::Post, base.to_owned()))
            .or_default()
            .push(i);
    }
    let mut groups = Vec::new();
    let mut rest = Vec::new();
    for ((_, base), ids) in by_base {
        let mut langs: Vec<&str> = ids
            .iter()
            .filter_map(|&i| items[i].lang.as_deref())
            .collect();
        langs.sort_unstable();
        let distinct = langs.windows(2).all(|w| w[0] != w[1]);
        let suffixed = ids.iter().any(|&i| items[i].name != base);
        if ids.len() > 1 && distinct && suffixed {
            let shown = ids
                .iter()
                .map(|&i| items[i].name.as_str())
                .collect::<Vec<_>>()
                .join(" / ");
            groups.push(Group {
                members: ids,
                guessed: Some(format!("names {shown}")),
            });
        } else {
            rest.extend(ids);
        }
    }
    rest.sort_unstable();
    (groups, rest)
}

/// Pairs posts of one day when that day has exactly one per language;
/// returns the rest.
fn by_date(items: &[Item], alone: Vec<usize>) -> (Vec<Group>, Vec<usize>) {
    let mut days: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    let mut rest = Vec::new();
    for i in alone {
        match (items[i].kind, items[i].day()) {
            (Kind::Post, Some(day)) => days.entry(day).or_default().push(i),
            _ => rest.push(i),
        }
    }
    let mut groups = Vec::new();
    for (day, ids) in days {
        if ids.len() > 1 && one_per_language(items, &ids) {
            groups.push(Group {
                members: ids,
                guessed: Some(format!("same date {day}, one post per language")),
            });
        } else {
            rest.extend(ids);
        }
    }
    rest.sort_unstable();
    (groups, rest)
}

/// Pairs two posts in different languages, published within a month of
/// each other, that are the only two to show one local image (a report
/// and its translation show the same photos); returns the rest.
fn by_image(items: &[Item], alone: Vec<usize>) -> (Vec<Group>, Vec<usize>) {
    let mut by_image: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for &i in alone.iter().filter(|&&i| items[i].kind == Kind::Post) {
        let mut seen = std::collections::BTreeSet::new();
        map_urls(&items[i].body, |url| {
            let lower = url.to_ascii_lowercase();
            let image = [".jpg", ".jpeg", ".png", ".gif", ".webp"]
                .iter()
                .any(|e| lower.ends_with(e));
            if image && !url.contains("://") {
                seen.insert(url.to_owned());
            }
            None
        });
        for url in seen {
            by_image.entry(url).or_default().push(i);
        }
    }
    let mut taken = std::collections::BTreeSet::new();
    let mut groups = Vec::new();
    for (url, ids) in by_image {
        let [a, b] = ids[..] else { continue };
        let near = match (
            items[a].day().and_then(day_number),
            items[b].day().and_then(day_number),
        ) {
            (Some(x), Some(y)) => (x - y).abs() <= 31,
            _ => false,
        };
        if near && one_per_language(items, &ids) && !taken.contains(&a) && !taken.contains(&b) {
            taken.extend([a, b]);
            groups.push(Group {
                members: vec![a, b],
                guessed: Some(format!("both show {url}")),
            });
        }
    }
    let rest = alone.into_iter().filter(|i| !taken.contains(i)).collect();
    (groups, rest)
}

/// Whether `ids` are in as many languages as there are of them.
fn one_per_language(items: &[Item], ids: &[usize]) -> bool {
    let mut langs: Vec<&str> = ids
        .iter()
        .filter_map(|&i| items[i].lang.as_deref())
        .collect();
    langs.sort_unstable();
    langs.len() == ids.len() && langs.windows(2).all(|w| w[0] != w[1])
}

/// Days since the epoch of `YYYY-MM-DD`.
fn day_number(day: &str) -> Option<i64> {
    let date: jiff::civil::Date = day.parse().ok()?;
    Some(i64::from(
        date.since(jiff::civil::date(1970, 1, 1)).ok()?.get_days(),
    ))
}

#[cfg(test)]
mod tests {
    use super::{follow_references, pair};
    use crate::import::item::{Front, Item, Kind, LangFrom};
    use crate::import::report::Report;

    fn post(name: &str, lang: &str, date: &str, key: Option<&str>) -> Item {
        Item {
            source: format!("_posts/{date}-{name}.md"),
            kind: Kind::Post,
            name: name.into(),
            front: Front {
                date: Some(date.into()),
                ..Front::default()
            },
            body: String::new(),
            lang: Some(lang.into()),
            lang_from: LangFrom::Front,
            pair: key.map(str::to_owned),
            old_url: None,
            bundle: None,
            refs: Vec::new(),
        }
    }

    #[test]
    fn a_key_that_names_the_other_version() {
        let mut items = vec![
            post("recap", "de", "2019-05-06", Some("/en/2019/05/recap-en/")),
            post("recap-en", "en", "2019-05-09", None),
            post("solo", "de", "2019-06-01", Some("2019-05-09-recap-en")),
        ];
        items[1].old_url = Some("/en/2019/05/recap-en/".into());
        follow_references(&mut items);
        assert_eq!(items[0].pair, items[1].pair);
        assert!(
            items[0]
                .pair
                .as_deref()
                .is_some_and(|k| k.starts_with("ref:"))
        );
        // Two items naming one target: only the first is joined.
        assert_ne!(items[2].pair, items[1].pair);
    }

    #[test]
    fn keys_first_then_one_post_per_language_and_day() {
        let mut items = vec![
            post("leweb-interview", "de", "2008-12-16", Some("leweb")),
            post("leweb-interview-en", "en", "2008-12-20", Some("leweb")),
            post("republica", "de", "2019-05-06", None),
            post("republica-notes", "en", "2019-05-06 18:00:00 +0200", None),
            post("two-de-a", "de", "2020-01-01", None),
            post("two-de-b", "de", "2020-01-01", None),
            post("two-de-c", "en", "2020-01-01", None),
            post("barcamp", "de", "2021-03-01", None),
            post("barcamp-en", "en", "2021-03-04", None),
            post("leweb-2010", "de", "2010-12-08", None),
            post("leweb-2010-notes", "en", "2010-12-20", None),
        ];
        items[9].body = "![Bühne](/assets/leweb-2010.jpg)".into();
        items[10].body = "<img src=\"/assets/leweb-2010.jpg\">".into();
        let mut report = Report::default();
        let groups = pair(&items, &mut report);
        let sets: Vec<(Vec<usize>, bool)> = groups
            .iter()
            .map(|g| (g.members.clone(), g.guessed.is_some()))
            .collect();
        assert_eq!(
            sets,
            [
                (vec![0, 1], false),
                (vec![2, 3], true),
                (vec![4], false),
                (vec![5], false),
                (vec![6], false),
                (vec![7, 8], true),
                (vec![9, 10], true),
            ]
        );
    }
}
