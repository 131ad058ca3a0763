//! Writing `translated_from` into a file's front matter by editing its one
//! line as text: the rest of the file (other keys, their order, comments,
//! the body) stays byte for byte. TOML (`+++`) and YAML (`---`) alike.

use crate::content::front_matter::{self, Format};

/// The key a stamp is written under.
pub(crate) const KEY: &str = "translated_from";

/// `text` with its `translated_from` set to `stamp`: the line that has it
/// replaced, or a new line added (in TOML before the first table, so that
/// it stays a top-level key; in YAML at the end). `Err` when the file has
/// no front matter.
pub(crate) fn set_stamp(text: &str, stamp: &str) -> Result<String, String> {
    let split = front_matter::split(text).map_err(|(message, _)| message)?;
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let line = match split.format {
        Format::Toml => format!("{KEY} = \"{stamp}\"{newline}"),
        Format::Yaml => format!("{KEY}: \"{stamp}\"{newline}"),
    };
    let mut at = split.front.start;
    let mut insert_at = None;
    // The end of the last line with something on it: a new key goes right
    // after it, not after the blank lines that set off a table.
    let mut content_end = split.front.start;
    for raw in text[split.front.clone()].split_inclusive('\n') {
        let start = at;
        at += raw.len();
        if is_key_line(raw, split.format) {
            let mut out = String::with_capacity(text.len());
            out.push_str(&text[..start]);
            out.push_str(&line);
            out.push_str(&text[at..]);
            return Ok(out);
        }
        if split.format == Format::Toml && insert_at.is_none() && raw.starts_with('[') {
            insert_at = Some(content_end);
        }
        if !raw.trim().is_empty() {
            content_end = at;
        }
    }
    let insert_at = insert_at.unwrap_or(split.front.end);
    let mut out = String::with_capacity(text.len() + line.len() + 1);
    out.push_str(&text[..insert_at]);
    // A front matter whose last line lacks its newline cannot be, as the
    // closing delimiter follows it; still, never glue two lines together.
    if !out.ends_with('\n') {
        out.push_str(newline);
    }
    out.push_str(&line);
    out.push_str(&text[insert_at..]);
    Ok(out)
}

/// Whether `line` sets the top-level key (not indented, so not inside a
/// YAML mapping; in TOML, the caller stops looking at the first table).
fn is_key_line(line: &str, format: Format) -> bool {
    let Some(rest) = line.strip_prefix(KEY) else {
        return false;
    };
    let rest = rest.trim_start_matches([' ', '\t']);
    match format {
        Format::Toml => rest.starts_with('='),
        Format::Yaml => rest.starts_with(':'),
    }
}

/// The stamp a file's front matter holds now, read as text (for messages).
pub(crate) fn current_stamp(text: &str) -> Option<String> {
    let split = front_matter::split(text).ok()?;
    text[split.front]
        .lines()
        .find(|l| is_key_line(l, split.format))
        .and_then(|l| l.split_once(['=', ':']))
        .map(|(_, v)| v.trim().trim_matches(['"', '\'']).to_owned())
}

#[cfg(test)]
mod tests {
    use super::set_stamp;

    #[test]
    fn toml_gets_one_new_line_before_its_first_table() {
        let text = "+++\n# Übersetzung\ntitle = \"Listening at Dell\"\ndate = 2008-12-16\n\n[event]\nname = \"LeWeb\"\n+++\n\nBody „quoted“.\n";
        let stamped = set_stamp(text, "0123456789ab").unwrap();
        assert_eq!(
            stamped,
            "+++\n# Übersetzung\ntitle = \"Listening at Dell\"\ndate = 2008-12-16\ntranslated_from = \"0123456789ab\"\n\n[event]\nname = \"LeWeb\"\n+++\n\nBody „quoted“.\n"
        );
        let again = set_stamp(&stamped, "ba9876543210").unwrap();
        assert_eq!(again, stamped.replace("0123456789ab", "ba9876543210"));
    }

    #[test]
    fn yaml_keeps_crlf_and_replaces_only_its_line() {
        let text = "---\r\ntitle: Listening\r\ntranslated_from:   old\r\nevent:\r\n  translated_from: nested\r\n---\r\nBody\r\n";
        let stamped = set_stamp(text, "abc").unwrap();
        assert_eq!(
            stamped,
            text.replace("translated_from:   old\r\n", "translated_from: \"abc\"\r\n")
        );
        let fresh = set_stamp("---\ntitle: x\n---\nBody\n", "abc").unwrap();
        assert_eq!(
            fresh,
            "---\ntitle: x\ntranslated_from: \"abc\"\n---\nBody\n"
        );
    }

    #[test]
    fn a_file_without_front_matter_is_refused() {
        assert!(set_stamp("Body only\n", "abc").is_err());
    }
}
