//! A content file's text, and how byte offsets in it become locations.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::content::Reading;
use crate::diag::{self, Diagnostic, Location};
use crate::stamp::Stamp;

/// How much of a file is read first when only its front matter is wanted.
const HEAD: usize = 4096;

/// The text of one file, kept so any stage can point into it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// Where it was read from.
    pub path: PathBuf,
    /// The path shown in messages (relative to the site root).
    pub shown: PathBuf,
    /// The whole file; while it is `unread`, its front matter at most.
    pub text: String,
    /// The body was not read: the file is as the build cache last saw it
    /// (which kept its parsed front matter and its body rendered; `text` is
    /// empty), or only its front matter was wanted until its page is
    /// rendered. [`SourceFile::whole`] reads it.
    pub unread: bool,
    /// Its size and modification time when it was read.
    pub stamp: Option<Stamp>,
    /// Its front matter as parsed, in JSON: what the build cache keeps of
    /// it (empty until parsed).
    pub parsed: Arc<str>,
}

impl SourceFile {
    /// Wraps a file's text.
    pub fn new(path: PathBuf, shown: PathBuf, text: String) -> Self {
        SourceFile {
            path,
            shown,
            text,
            unread: false,
            stamp: None,
            parsed: Arc::from(""),
        }
    }

    /// A file the build cache knows unchanged (`stamp`), with its front
    /// matter as parsed then.
    pub fn unread(path: PathBuf, shown: PathBuf, stamp: Stamp, parsed: Arc<str>) -> Self {
        SourceFile {
            unread: true,
            stamp: Some(stamp),
            parsed,
            ..SourceFile::new(path, shown, String::new())
        }
    }

    /// Reads the file at `path`: whole, or up to the end of its front
    /// matter (whole when that is not in its first 4 KiB), leaving the body
    /// to be read when its page is rendered, so that a build does not hold
    /// every text at once.
    pub fn read(path: PathBuf, shown: PathBuf, reading: Reading) -> Result<Self, Diagnostic> {
        let (read, stamp) = read_bytes(&path, reading)
            .map_err(|e| Diagnostic::in_file(format!("cannot read: {e}"), &shown))?;
        match read {
            Bytes::Front(text) => Ok(SourceFile {
                unread: true,
                stamp,
                ..SourceFile::new(path, shown, text)
            }),
            Bytes::Whole(bytes) => {
                let text = diag::utf8(&shown, bytes)?;
                Ok(SourceFile {
                    stamp,
                    ..SourceFile::new(path, shown, text)
                })
            }
        }
    }

    /// The file with its text: itself, or read now when it is `unread`.
    pub fn whole(self: &Arc<Self>) -> Result<Arc<SourceFile>, Diagnostic> {
        if !self.unread {
            return Ok(self.clone());
        }
        let file = SourceFile::read(self.path.clone(), self.shown.clone(), Reading::Whole)?;
        Ok(Arc::new(SourceFile {
            parsed: self.parsed.clone(),
            ..file
        }))
    }

    /// The line and column of byte `offset` (line 1 is the opening `+++`).
    pub fn location(&self, offset: usize) -> Location {
        Location::at_offset(&self.shown, &self.text, offset)
    }

    /// The 1-based line of byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.text.as_bytes()[..offset.min(self.text.len())]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1
    }
}

/// What [`read_bytes`] read of a file.
enum Bytes {
    /// Its front matter alone, which is UTF-8.
    Front(String),
    /// All of it, not yet checked as UTF-8.
    Whole(Vec<u8>),
}

/// Reads the file at `path`: whole, or up to the end of its front matter
/// (whole when that is not in its first 4 KiB).
fn read_bytes(path: &Path, reading: Reading) -> std::io::Result<(Bytes, Option<Stamp>)> {
    let mut file = std::fs::File::open(path)?;
    let meta = file.metadata()?;
    let (len, stamp) = (meta.len() as usize, Stamp::known(&meta));
    let mut bytes = Vec::new();
    if reading == Reading::FrontMatter && len > HEAD {
        // On the stack: only the front matter is kept, in a string of its size.
        let mut head = [0; HEAD];
        let n = fill(&mut file, &mut head)?;
        if let Some(text) = front_matter(&head[..n]) {
            return Ok((Bytes::Front(text.to_owned()), stamp));
        }
        bytes.extend_from_slice(&head[..n]);
    }
    // The rest into the vector's spare room (not zeroed first).
    bytes.reserve_exact(len.saturating_sub(bytes.len()));
    file.read_to_end(&mut bytes)?;
    Ok((Bytes::Whole(bytes), stamp))
}

/// Reads into `buf` until it is full or the file ends; how much was read.
fn fill(file: &mut std::fs::File, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match file.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

/// The front matter in the first bytes of a file, up to and with its
/// closing line's newline, if it ends there.
///
/// The closing line is looked for in the bytes, so that only the front
/// matter is checked as UTF-8, not the whole head; [`split`] then has the
/// last word on that text. Only ASCII whitespace after a delimiter is
/// trimmed here: a file with other whitespace there is read whole.
///
/// [`split`]: crate::content::front_matter::split
fn front_matter(head: &[u8]) -> Option<&str> {
    // Trailing whitespace as `str::trim_end` takes it, in ASCII.
    let trim = |line: &[u8]| -> usize {
        line.iter()
            .rposition(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c))
            .map_or(0, |i| i + 1)
    };
    let start = if head.starts_with("\u{feff}".as_bytes()) {
        3
    } else {
        0
    };
    let mut lines = head[start..].split_inclusive(|&b| b == b'\n');
    let first = lines.next()?;
    let delimiter = &first[..trim(first)];
    if delimiter != b"+++" && delimiter != b"---" {
        return None;
    }
    let mut end = start + first.len();
    for line in lines {
        end += line.len();
        // The closing line must be whole: `+++` cut from a longer line is not one.
        if line.ends_with(b"\n") && &line[..trim(line)] == delimiter {
            // Every closing line `split` can find in this text ends in a newline.
            let text = std::str::from_utf8(&head[..end]).ok()?;
            let split = crate::content::front_matter::split(text).ok()?;
            return Some(&text[..split.body.start]);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::{Reading, SourceFile};

    #[test]
    fn read_front_keeps_the_front_matter_and_reads_the_rest_on_demand() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.md");
        let read = |text: &str| {
            std::fs::write(&path, text).unwrap();
            let file = SourceFile::read(path.clone(), "content/x.md".into(), Reading::FrontMatter);
            Arc::new(file.unwrap())
        };
        let body = "Absatz.\n\n".repeat(1000);
        let long = format!("+++\ntitle = \"X\"\n+++\n{body}");
        let file = read(&long);
        assert!(file.unread);
        assert_eq!(file.text, "+++\ntitle = \"X\"\n+++\n");
        assert_eq!(file.stamp.unwrap().len as usize, long.len());
        assert_eq!(file.whole().unwrap().text, long);
        // Short files, and front matter past the first 4 KiB, are read whole.
        let short = "+++\ntitle = \"X\"\n+++\nkurz\n";
        assert_eq!(
            (read(short).text.as_str(), read(short).unread),
            (short, false)
        );
        let big = format!("+++\n{}+++\n{body}", "tags = [\"a\"]\n".repeat(400));
        assert_eq!(
            (read(&big).text.as_str(), read(&big).unread),
            (big.as_str(), false)
        );
        // A line `+++x` cut to `+++` at 4 KiB is not taken for the end.
        let cut = format!("+++\n{}bbb = 22\n+++x\n+++\n{body}", "a = 1\n".repeat(680));
        assert_eq!(&cut[4093..4096], "+++");
        assert_eq!(read(&cut).text, cut);
        // YAML with CRLF line ends and a byte order mark; a body whose
        // first 4 KiB end inside a character.
        let yaml = format!("\u{feff}---\r\ntitle: XY\r\n--- \r\n{}", "ä".repeat(3000));
        assert!(!yaml.is_char_boundary(4096));
        let file = read(&yaml);
        assert_eq!(
            (file.text.as_str(), file.unread),
            ("\u{feff}---\r\ntitle: XY\r\n--- \r\n", true)
        );
        assert_eq!(file.whole().unwrap().text, yaml);
        // Other whitespace after a delimiter: read whole, and still right.
        let nbsp = format!("+++\u{a0}\ntitle = \"X\"\n+++\n{body}");
        assert_eq!(
            (read(&nbsp).text.as_str(), read(&nbsp).unread),
            (nbsp.as_str(), false)
        );
        // Not valid UTF-8 inside the front matter: read whole, and refused.
        let mut bad = long.clone().into_bytes();
        bad[6] = 0xff;
        std::fs::write(&path, &bad).unwrap();
        let err = SourceFile::read(path.clone(), "content/x.md".into(), Reading::FrontMatter);
        let loc = err.unwrap_err().location.unwrap();
        assert_eq!((loc.line, loc.col), (2, 3));
    }

    #[test]
    fn an_unread_file_is_read_whole_on_demand() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.md");
        let text = "+++\ntitle = \"X\"\n+++\n".to_owned() + &"Absatz.\n\n".repeat(1000);
        std::fs::write(&path, &text).unwrap();
        let read = SourceFile::read(path.clone(), "content/x.md".into(), Reading::Whole).unwrap();
        assert_eq!((read.text.as_str(), read.unread), (text.as_str(), false));
        let stamp = read.stamp.unwrap();
        assert_eq!(stamp.len as usize, text.len());
        let unread = Arc::new(SourceFile::unread(
            path,
            "content/x.md".into(),
            stamp,
            Arc::from("{}"),
        ));
        assert!(unread.text.is_empty());
        let whole = unread.whole().unwrap();
        assert_eq!((whole.text.as_str(), whole.unread), (text.as_str(), false));
        assert_eq!(&*whole.parsed, "{}", "what was parsed stays");
    }
}
