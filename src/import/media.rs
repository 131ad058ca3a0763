//! Images and other files: what a body points at root-relatively is
//! copied from the old site into `static/` at the same path (so old
//! image URLs keep working); a bundle's files go into the new bundle.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::import::links::urls;
use crate::import::report::Report;
use crate::import::write::{self, Outcome};
use crate::site::url::percent_decode;

/// Where an old site keeps the files its root-relative URLs name.
#[derive(Debug, Clone, Default)]
pub(crate) struct Statics {
    /// `(URL prefix, folder)`: `("/", SOURCE)` for Jekyll, `("/", SOURCE/static)`
    /// for Hugo and Zola, `("/wp-content/uploads/", UPLOADS)` for WordPress.
    pub(crate) roots: Vec<(String, PathBuf)>,
}

/// Copies what `body` points at; returns how many files were written.
pub(crate) fn copy_referenced(
    root: &Path,
    statics: &Statics,
    source: &str,
    body: &str,
    done: &mut BTreeSet<String>,
    report: &mut Report,
) -> Result<usize, Error> {
    let mut written = 0;
    for url in urls(body) {
        let Some(rel) = file_path(&url) else { continue };
        if !done.insert(format!("static/{rel}")) {
            continue;
        }
        let Some(from) = find(statics, &rel) else {
            report.unmapped(
                source,
                format!("`{url}` is not in the old site's files; the link is kept as it is"),
            );
            continue;
        };
        written += copy_one(root, &format!("static/{rel}"), &from, report)?;
    }
    Ok(written)
}

/// Copies every file of a bundle folder except its Markdown into `dest`.
pub(crate) fn copy_bundle(
    root: &Path,
    folder: &Path,
    dest: &str,
    done: &mut BTreeSet<String>,
    report: &mut Report,
) -> Result<usize, Error> {
    let mut written = 0;
    for entry in walkdir::WalkDir::new(folder)
        .min_depth(1)
        .into_iter()
        .flatten()
    {
        let path = entry.path();
        let markdown = path
            .extension()
            .is_some_and(|e| e == "md" || e == "markdown");
        if !entry.file_type().is_file() || markdown {
            continue;
        }
        let Ok(rel) = path.strip_prefix(folder) else {
            continue;
        };
        let rel = format!("{dest}/{}", rel.to_string_lossy().replace('\\', "/"));
        if done.insert(rel.clone()) {
            written += copy_one(root, &rel, path, report)?;
        }
    }
    Ok(written)
}

fn copy_one(root: &Path, rel: &str, from: &Path, report: &mut Report) -> Result<usize, Error> {
    match write::copy(root, rel, from)? {
        Outcome::Written => Ok(1),
        Outcome::Exists => {
            report.refused.push(rel.to_owned());
            Ok(0)
        }
    }
}

/// The decoded path of a root-relative URL to a file (`/assets/a b.png`
/// → `assets/a b.png`); `None` for pages, `@/` links and other sites.
fn file_path(url: &str) -> Option<String> {
    if !url.starts_with('/') || url.starts_with("//") {
        return None;
    }
    let path = url.split(['#', '?']).next()?;
    let last = path.rsplit('/').next()?;
    let ext = last.rsplit_once('.')?.1.to_ascii_lowercase();
    if matches!(
        ext.as_str(),
        "html" | "htm" | "md" | "markdown" | "xml" | "php"
    ) {
        return None;
    }
    let decoded = percent_decode(path).unwrap_or_else(|| path.to_owned());
    Some(decoded.trim_start_matches('/').to_owned())
}

/// The old site's file for `rel`, if it is a plain file (not a template
/// with front matter, which the old generator would have rendered).
fn find(statics: &Statics, rel: &str) -> Option<PathBuf> {
    let url = format!("/{rel}");
    statics.roots.iter().find_map(|(prefix, dir)| {
        let inside = url.strip_prefix(prefix.as_str())?;
        let candidate = dir.join(inside.trim_start_matches('/'));
        (candidate.is_file() && !has_front_matter(&candidate)).then_some(candidate)
    })
}

fn has_front_matter(path: &Path) -> bool {
    let mut start = [0u8; 3];
    std::fs::File::open(path)
        .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut start))
        .is_ok_and(|()| &start == b"---")
}

#[cfg(test)]
mod tests {
    use super::file_path;

    #[test]
    fn file_urls() {
        assert_eq!(
            file_path("/assets/img/b%C3%BChne.jpg").as_deref(),
            Some("assets/img/bühne.jpg")
        );
        assert_eq!(
            file_path("/files/talk.pdf#page=2").as_deref(),
            Some("files/talk.pdf")
        );
        assert_eq!(file_path("/2019/05/06/x.html"), None);
        assert_eq!(file_path("/about/"), None);
        assert_eq!(file_path("@/reports/x.md"), None);
        assert_eq!(file_path("//cdn.example/x.png"), None);
    }
}
