//! Diagnostics: problems found in the user's files, each with a location.
//!
//! Every stage collects [`Diagnostic`]s instead of stopping at the first
//! problem; `main` prints them all and decides the exit status once.

use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a diagnostic is: errors fail the build, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// The build cannot succeed.
    Error,
    /// Worth knowing; the build still succeeds.
    Warning,
}

/// A place in a file: 1-based line and column (in characters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// Path as shown to the user (relative to the site root where possible).
    pub path: PathBuf,
    /// 1-based line; 0 when only the file is known.
    pub line: usize,
    /// 1-based column; 0 when only the line is known.
    pub col: usize,
    /// The text of that line, for the snippet under the message.
    pub line_text: Option<String>,
}

impl Location {
    /// A location naming a whole file.
    pub fn file(path: impl Into<PathBuf>) -> Self {
        Location {
            path: path.into(),
            line: 0,
            col: 0,
            line_text: None,
        }
    }

    /// A location at `line:col` of `text` (both 1-based), keeping that line for the snippet.
    ///
    /// A place a parser reports past the end of the text or of its line
    /// (the end of the input, after the last line) is moved to the end of
    /// the last line, or of its own: a location is always inside the file.
    pub fn in_text(path: impl Into<PathBuf>, text: &str, line: usize, col: usize) -> Self {
        let lines = text.lines().count();
        let line = if line > lines && lines > 0 {
            lines
        } else {
            line
        };
        let line_text = text.lines().nth(line.saturating_sub(1));
        let col = match line_text {
            Some(l) if line > 0 => col.min(l.chars().count() + 1),
            _ => col,
        };
        Location {
            path: path.into(),
            line,
            col,
            line_text: line_text.map(str::to_owned),
        }
    }

    /// The location of byte `offset` in `text`.
    pub fn at_offset(path: impl Into<PathBuf>, text: &str, offset: usize) -> Self {
        let offset = offset.min(text.len());
        let before = &text[..floor_char_boundary(text, offset)];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let col = before[line_start..].chars().count() + 1;
        Location::in_text(path, text, line, col)
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
            if self.col > 0 {
                write!(f, ":{}", self.col)?;
            }
        }
        Ok(())
    }
}

/// One problem, with where it is and optional notes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, in one sentence.
    pub message: String,
    /// Where, when known.
    pub location: Option<Location>,
    /// Extra lines: hints, or what was being done.
    pub notes: Vec<String>,
}

impl Diagnostic {
    /// An error at `location`.
    pub fn error(message: impl Into<String>, location: Option<Location>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            location,
            notes: Vec::new(),
        }
    }

    /// A warning at `location`.
    pub fn warning(message: impl Into<String>, location: Option<Location>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(message, location)
        }
    }

    /// An error about a whole file.
    pub fn in_file(message: impl Into<String>, path: &Path) -> Self {
        Diagnostic::error(message, Some(Location::file(path)))
    }

    /// Adds a note line.
    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    /// Whether this diagnostic fails the build.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Renders like rustc and just: message, `--> path:line:col`, the line, a caret.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        writeln!(f, "{label}: {}", self.message)?;
        if let Some(loc) = &self.location {
            let gutter = loc.line.to_string().len();
            writeln!(f, "{:gutter$}--> {loc}", "")?;
            if let (Some(text), true) = (&loc.line_text, loc.line > 0) {
                let (shown, caret) = snippet(text.trim_end(), loc.col);
                writeln!(f, "{:gutter$} |", "")?;
                writeln!(f, "{} | {shown}", loc.line)?;
                if loc.col > 0 {
                    writeln!(f, "{:gutter$} | {:>caret$}", "", "^")?;
                }
            }
        }
        for note in &self.notes {
            writeln!(f, "  = note: {note}")?;
        }
        Ok(())
    }
}

/// The longest line shown whole under a message, in characters.
const SNIPPET_MAX: usize = 100;
/// How much of a longer line is shown before the column.
const SNIPPET_BEFORE: usize = 40;

/// The part of `line` shown under a message and the caret's 1-based column
/// in it: the whole line when it is short, else a window of
/// [`SNIPPET_MAX`] characters around `col`, cut ends marked with `…`.
fn snippet(line: &str, col: usize) -> (String, usize) {
    let len = line.chars().count();
    if len <= SNIPPET_MAX {
        return (line.to_owned(), col);
    }
    let at = col.saturating_sub(1).min(len);
    let start = at
        .saturating_sub(SNIPPET_BEFORE)
        .min(len.saturating_sub(SNIPPET_MAX));
    let end = (start + SNIPPET_MAX).min(len);
    let mut shown = String::new();
    if start > 0 {
        shown.push('…');
    }
    shown.extend(line.chars().skip(start).take(end - start));
    if end < len {
        shown.push('…');
    }
    (shown, at - start + 1 + usize::from(start > 0))
}

/// A collection of diagnostics from one or more stages.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    /// An empty collection.
    pub fn new() -> Self {
        Diagnostics(Vec::new())
    }

    /// Adds one diagnostic.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    /// Adds all of `other`.
    pub fn extend(&mut self, other: Diagnostics) {
        self.0.extend(other.0);
    }

    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    /// Whether there is nothing at all.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// All diagnostics, in the order they were found.
    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.0.iter()
    }

    /// Sorts by file and position so output is stable across parallel runs.
    pub fn sort(&mut self) {
        self.0.sort_by(|a, b| {
            let key = |d: &Diagnostic| d.location.as_ref().map(|l| (l.path.clone(), l.line, l.col));
            key(a).cmp(&key(b)).then_with(|| a.message.cmp(&b.message))
        });
    }

    /// How many errors and warnings there are, in words: `2 errors and 1
    /// warning`, `1 error`, `no errors`.
    pub fn tally(&self) -> String {
        let errors = self.0.iter().filter(|d| d.is_error()).count();
        let warnings = self.0.len() - errors;
        match (errors, warnings) {
            (0, 0) => "no errors".to_owned(),
            (_, 0) => counted(errors, "error"),
            (0, _) => format!("no errors and {}", counted(warnings, "warning")),
            _ => format!(
                "{} and {}",
                counted(errors, "error"),
                counted(warnings, "warning")
            ),
        }
    }

    /// `Ok(())` when there are no errors, else `Err(self)`.
    pub fn into_result(self) -> Result<Diagnostics, Diagnostics> {
        if self.has_errors() {
            Err(self)
        } else {
            Ok(self)
        }
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Diagnostics(vec![d])
    }
}

impl FromIterator<Diagnostic> for Diagnostics {
    fn from_iter<I: IntoIterator<Item = Diagnostic>>(iter: I) -> Self {
        Diagnostics(iter.into_iter().collect())
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "{d}")?;
        }
        Ok(())
    }
}

/// `1 page`, `2 pages`: a count with its noun, for every message that
/// counts something (nouns that take a plain `s`).
pub fn counted(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// A file's bytes as text; text that is not UTF-8 is an error at its first
/// bad byte that says how to fix it. Every file read as text goes through
/// here (content, `site.toml`, templates, UI strings).
pub fn utf8(shown: &Path, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        not_utf8(shown, e.as_bytes(), at)
    })
}

fn not_utf8(shown: &Path, bytes: &[u8], at: usize) -> Diagnostic {
    // Everything before `at` is valid UTF-8.
    let before = std::str::from_utf8(&bytes[..at]).unwrap_or_default();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line_end = bytes[at..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |i| at + i);
    let byte = bytes[at];
    let guess = legacy_char(byte)
        .map(|c| format!(" (in Windows-1252 it would be `{c}`)"))
        .unwrap_or_default();
    Diagnostic::error(
        format!(
            "this file is not UTF-8: byte 0x{byte:02X} here is not a UTF-8 character{guess}; save it as UTF-8"
        ),
        Some(Location {
            path: shown.to_path_buf(),
            line: before.matches('\n').count() + 1,
            col: before[line_start..].chars().count() + 1,
            line_text: Some(String::from_utf8_lossy(&bytes[line_start..line_end]).into_owned()),
        }),
    )
}

/// What a byte means in Windows-1252 (Latin-1 plus typographic marks in
/// 0x80-0x9F), the usual encoding of German text that is not UTF-8.
fn legacy_char(byte: u8) -> Option<char> {
    const MARKS: [char; 32] = [
        '€', '\0', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\0', 'Ž', '\0', '\0',
        '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\0', 'ž', 'Ÿ',
    ];
    match byte {
        0x80..=0x9F => Some(MARKS[usize::from(byte - 0x80)]).filter(|&c| c != '\0'),
        0xA1..=0xFF => Some(char::from(byte)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::{Diagnostic, Diagnostics, Location, counted, utf8};

    #[test]
    fn counts_are_said_with_the_right_plural() {
        assert_eq!(
            [0, 1, 2].map(|n| counted(n, "page")),
            ["0 pages", "1 page", "2 pages"]
        );
        let error = || Diagnostic::error("e", None);
        let warning = || Diagnostic::warning("w", None);
        let tally = |list: Vec<Diagnostic>| Diagnostics::from_iter(list).tally();
        assert_eq!(tally(vec![error()]), "1 error");
        assert_eq!(
            tally(vec![error(), warning(), error()]),
            "2 errors and 1 warning"
        );
        assert_eq!(
            tally(vec![warning(), warning()]),
            "no errors and 2 warnings"
        );
    }

    #[test]
    fn text_that_is_not_utf8_is_located_at_its_first_bad_byte() {
        let bytes = b"+++\ntitle = \"Zuh\xf6ren\"\n+++\n".to_vec();
        let d = utf8(Path::new("content/a.md"), bytes).unwrap_err();
        assert_eq!(
            d.to_string(),
            "error: this file is not UTF-8: byte 0xF6 here is not a UTF-8 character \
             (in Windows-1252 it would be `ö`); save it as UTF-8\n \
             --> content/a.md:2:13\n  |\n2 | title = \"Zuh\u{fffd}ren\"\n  |             ^\n"
        );
        // Windows-1252 quotes, after a UTF-8 umlaut on the same line.
        let d = utf8(Path::new("a.md"), b"\xc3\xa4 \x84Zuh".to_vec()).unwrap_err();
        assert!(d.message.contains("byte 0x84") && d.message.contains("it would be `„`"));
        let loc = d.location.unwrap();
        assert_eq!((loc.line, loc.col), (1, 3));
        assert_eq!(
            utf8(Path::new("a.md"), "Zuhören".into()).unwrap(),
            "Zuhören"
        );
    }

    #[test]
    fn offset_maps_to_line_and_character_column() {
        let text = "+++\ntitle = \"Größe\"\nbad\n+++\n";
        let at = text.find("bad").unwrap();
        let loc = Location::at_offset("a.md", text, at);
        assert_eq!((loc.line, loc.col), (3, 1));
        let after_umlauts = text.find("e\"").unwrap();
        let loc = Location::at_offset("a.md", text, after_umlauts);
        assert_eq!((loc.line, loc.col), (2, 14));
    }

    #[test]
    fn a_long_line_shows_a_window_around_the_column() {
        let line = format!("{}bad{}", "a".repeat(99_996), "z".repeat(500));
        let d = Diagnostic::error("bad", Some(Location::in_text("a.md", &line, 1, 99_997)));
        let window = format!("…{}bad{}…", "a".repeat(40), "z".repeat(57));
        assert_eq!(
            d.to_string(),
            format!(
                "error: bad\n --> a.md:1:99997\n  |\n1 | {window}\n  | {:>42}\n",
                "^"
            )
        );
        // At the line's end, and past it, the window ends with the line.
        let d = Diagnostic::error("end", Some(Location::in_text("a.md", &line, 1, 100_499)));
        let tail = format!("…{}", &line[line.len() - 100..]);
        assert!(
            d.to_string()
                .contains(&format!("1 | {tail}\n  | {:>101}\n", "^"))
        );
        let d = Diagnostic::error("past", Some(Location::in_text("a.md", &line, 1, 200_000)));
        assert!(
            d.to_string()
                .contains(&format!("1 | {tail}\n  | {:>102}\n", "^"))
        );
        // At the start, no leading mark.
        let d = Diagnostic::error("start", Some(Location::in_text("a.md", &line, 1, 2)));
        let head = format!("{}…", "a".repeat(100));
        assert!(d.to_string().contains(&format!("1 | {head}\n  |  ^\n")));
    }

    #[test]
    fn display_shows_path_line_col_and_caret() {
        let text = "+++\ntitel = 1\n+++\n";
        let d = Diagnostic::error(
            "unknown field `titel`",
            Some(Location::in_text("content/a.md", text, 2, 1)),
        );
        let shown = d.to_string();
        assert!(shown.starts_with("error: unknown field `titel`\n"));
        assert!(shown.contains(" --> content/a.md:2:1\n"));
        assert!(shown.contains("2 | titel = 1\n"));
        assert!(shown.contains("  | ^\n"));
    }
}
