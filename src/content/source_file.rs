//! A content file's text, and how byte offsets in it become locations.

use std::io::Read;
use std::path::PathBuf;
use std::sync::Arc;

use crate::content::front_matter;
use crate::diag::Location;
use crate::output::Stamp;

/// How much of a file is read first when only its front matter is wanted.
const HEAD: usize = 4096;

/// The text of one file, kept so any stage can point into it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// Where it was read from.
    pub path: PathBuf,
    /// The path shown in messages (relative to the site root).
    pub shown: PathBuf,
    /// The whole file, or (`front_only`) the file up to the end of its
    /// front matter.
    pub text: String,
    /// Only the front matter was read: the file is as the build cache last
    /// saw it, and its body is rendered there. [`SourceFile::whole`] reads
    /// the rest.
    pub front_only: bool,
    /// Its size and modification time when it was read.
    pub stamp: Option<Stamp>,
}

impl SourceFile {
    /// Wraps a file's text.
    pub fn new(path: PathBuf, shown: PathBuf, text: String) -> Self {
        SourceFile {
            path,
            shown,
            text,
            front_only: false,
            stamp: None,
        }
    }

    /// Reads the file at `path`; while its stamp is still the `known` one,
    /// only its front matter: the `known` text when there is one (the file
    /// is not even opened), else up to the end of its front matter.
    pub fn read(
        path: PathBuf,
        shown: PathBuf,
        known: Option<(Stamp, &str)>,
    ) -> std::io::Result<Self> {
        if let Some((stamp, front)) = known.filter(|(_, front)| !front.is_empty())
            && std::fs::metadata(&path).is_ok_and(|m| Stamp::of(&m) == stamp)
        {
            return Ok(SourceFile {
                front_only: true,
                stamp: Some(stamp),
                ..SourceFile::new(path, shown, front.to_owned())
            });
        }
        let known = known.map(|(stamp, _)| stamp);
        let mut file = std::fs::File::open(&path)?;
        let stamp = Stamp::of(&file.metadata()?);
        let mut bytes = Vec::new();
        if known == Some(stamp) && stamp.len as usize > HEAD {
            // On the stack: only the front matter is kept, in a string of its size.
            let mut head = [0; HEAD];
            let n = fill(&mut file, &mut head)?;
            if let Some(end) = front_end(&head[..n]) {
                if let Ok(text) = std::str::from_utf8(&head[..end]) {
                    return Ok(SourceFile {
                        front_only: true,
                        stamp: Some(stamp),
                        ..SourceFile::new(path, shown, text.to_owned())
                    });
                }
                return SourceFile::read(path, shown, None);
            }
            bytes.extend_from_slice(&head[..n]);
        }
        // The rest in one read where the size is right, and no probing.
        let start = bytes.len();
        bytes.resize((stamp.len as usize).max(start), 0);
        let n = fill(&mut file, &mut bytes[start..])?;
        bytes.truncate(start + n);
        if bytes.len() == stamp.len as usize {
            file.read_to_end(&mut bytes)?;
        }
        let text = String::from_utf8(bytes)
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))?;
        Ok(SourceFile {
            stamp: Some(stamp),
            ..SourceFile::new(path, shown, text)
        })
    }

    /// The file with its body: itself, or read again when only its front
    /// matter was read.
    pub fn whole(self: &Arc<Self>) -> std::io::Result<Arc<SourceFile>> {
        if !self.front_only {
            return Ok(self.clone());
        }
        SourceFile::read(self.path.clone(), self.shown.clone(), None).map(Arc::new)
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

/// Where the front matter in the first bytes of a file ends (after the
/// closing line, its newline included), if it ends there.
fn front_end(head: &[u8]) -> Option<usize> {
    let valid = match std::str::from_utf8(head) {
        Ok(text) => text,
        Err(e) => std::str::from_utf8(&head[..e.valid_up_to()]).ok()?,
    };
    let split = front_matter::split(valid).ok()?;
    // The closing line must be whole: `+++` cut from a longer line is not one.
    (split.body.start > 0 && valid.as_bytes()[split.body.start - 1] == b'\n')
        .then_some(split.body.start)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::SourceFile;
    use crate::output::Stamp;

    fn long(front: &str, paragraphs: usize) -> String {
        let body: String = (0..paragraphs)
            .map(|i| format!("Absatz {i}.\n\n"))
            .collect();
        format!("+++\n{front}+++\n\n{body}")
    }

    fn read(path: &std::path::Path, known: Option<Stamp>) -> SourceFile {
        SourceFile::read(
            path.to_path_buf(),
            "content/x.md".into(),
            known.map(|s| (s, "")),
        )
        .unwrap()
    }

    #[test]
    fn a_known_front_matter_is_taken_while_the_file_is_unchanged() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.md");
        let text = "+++\ntitle = \"X\"\n+++\nkurz\n";
        std::fs::write(&path, text).unwrap();
        let stamp = read(&path, None).stamp.unwrap();
        let front = "+++\ntitle = \"X\"\n+++\n";
        let known = |s| SourceFile::read(path.clone(), "content/x.md".into(), Some((s, front)));
        let file = known(stamp).unwrap();
        assert!(file.front_only);
        assert_eq!(file.text, front);
        assert_eq!(Arc::new(file).whole().unwrap().text, text);
        let other = Stamp { len: 1, ..stamp };
        assert_eq!(
            known(other).unwrap().text,
            text,
            "another stamp: read whole"
        );
    }

    #[test]
    fn a_known_file_is_read_up_to_its_front_matter_and_whole_on_demand() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.md");
        let text = long("title = \"X\"\n", 1000);
        std::fs::write(&path, &text).unwrap();
        let full = read(&path, None);
        assert!(!full.front_only);
        assert_eq!(full.text, text);
        let head = read(&path, full.stamp);
        assert!(head.front_only);
        assert_eq!(head.text, "+++\ntitle = \"X\"\n+++\n");
        assert_eq!(Arc::new(head).whole().unwrap().text, text);
    }

    #[test]
    fn a_changed_short_or_long_fronted_file_is_read_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.md");
        std::fs::write(&path, long("title = \"X\"\n", 1000)).unwrap();
        let stamp = read(&path, None).stamp;
        std::fs::write(&path, long("title = \"Y\"\n", 1001)).unwrap();
        assert!(!read(&path, stamp).front_only, "another size: changed");
        let short = "+++\ntitle = \"X\"\n+++\nkurz\n";
        std::fs::write(&path, short).unwrap();
        let stamp = read(&path, None).stamp;
        assert_eq!(read(&path, stamp).text, short, "a short file is read whole");
        // Front matter past the first 4 KiB: nothing to cut, read whole.
        let big = long(&"tags = [\"a\"]\n".repeat(400), 10);
        std::fs::write(&path, &big).unwrap();
        let stamp = read(&path, None).stamp;
        let again = read(&path, stamp);
        assert!(!again.front_only);
        assert_eq!(again.text, big);
    }
}
