//! A content file's text, and how byte offsets in it become locations.

use std::io::Read;
use std::path::PathBuf;
use std::sync::Arc;

use crate::diag::Location;
use crate::output::Stamp;

/// The text of one file, kept so any stage can point into it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// Where it was read from.
    pub path: PathBuf,
    /// The path shown in messages (relative to the site root).
    pub shown: PathBuf,
    /// The whole file; empty while it is `unread`.
    pub text: String,
    /// The file was not read: it is as the build cache last saw it, which
    /// kept its parsed front matter and its body rendered.
    /// [`SourceFile::whole`] reads it.
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

    /// Reads the file at `path`.
    pub fn read(path: PathBuf, shown: PathBuf) -> std::io::Result<Self> {
        let mut file = std::fs::File::open(&path)?;
        let stamp = Stamp::of(&file.metadata()?);
        // In one read where the size is right, and no probing.
        let mut bytes = vec![0; stamp.len as usize];
        let n = fill(&mut file, &mut bytes)?;
        bytes.truncate(n);
        if n == stamp.len as usize {
            file.read_to_end(&mut bytes)?;
        }
        let text = String::from_utf8(bytes)
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))?;
        Ok(SourceFile {
            stamp: Some(stamp),
            ..SourceFile::new(path, shown, text)
        })
    }

    /// The file with its text: itself, or read now when it is `unread`.
    pub fn whole(self: &Arc<Self>) -> std::io::Result<Arc<SourceFile>> {
        if !self.unread {
            return Ok(self.clone());
        }
        let file = SourceFile::read(self.path.clone(), self.shown.clone())?;
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

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::SourceFile;

    #[test]
    fn an_unread_file_is_read_whole_on_demand() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.md");
        let text = "+++\ntitle = \"X\"\n+++\n".to_owned() + &"Absatz.\n\n".repeat(1000);
        std::fs::write(&path, &text).unwrap();
        let read = SourceFile::read(path.clone(), "content/x.md".into()).unwrap();
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
