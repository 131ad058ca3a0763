//! Images and other files: what a body points at root-relatively is
//! copied from the old site into `static/` at the same path (so old
//! image URLs keep working); a bundle's files go into the new bundle.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::import::links::map_urls;
use crate::import::report::Report;
use crate::import::write::{self, Outcome};
use crate::site::url::percent_decode;

/// Where an old site keeps the files its root-relative URLs name.
#[derive(Debug, Clone, Default)]
pub(crate) struct Statics {
    /// `(URL prefix, folder)`: `("/", SOURCE)` for Jekyll, `("/", SOURCE/static)`
    /// for Hugo and Zola, `("/wp-content/uploads/", UPLOADS)` for WordPress.
    roots: Vec<(String, PathBuf)>,
    /// Lower-case file name → `(URL path, file)` of every file under the roots.
    by_name: HashMap<String, Vec<(String, PathBuf)>>,
}

impl Statics {
    /// The files under `roots`, indexed by name for links that point
    /// beside them (`/images/x.png` for what is `/assets/images/x.png`).
    pub(crate) fn new(roots: Vec<(String, PathBuf)>) -> Statics {
        let mut by_name: HashMap<String, Vec<(String, PathBuf)>> = HashMap::new();
        for (prefix, dir) in &roots {
            let walker = walkdir::WalkDir::new(dir).into_iter().filter_entry(|e| {
                let name = e.file_name().to_string_lossy();
                e.depth() == 0
                    || !(name.starts_with(['_', '.']) || name == "node_modules" || name == "vendor")
            });
            for entry in walker.flatten().filter(|e| e.file_type().is_file()) {
                let Ok(rel) = entry.path().strip_prefix(dir) else {
                    continue;
                };
                let rel = rel.to_string_lossy().replace('\\', "/");
                if file_path(&format!("/{rel}")).is_none() {
                    continue;
                }
                let name = entry.file_name().to_string_lossy().to_lowercase();
                let url = format!("{}/{rel}", prefix.trim_end_matches('/'));
                by_name
                    .entry(name)
                    .or_default()
                    .push((url, entry.path().to_path_buf()));
            }
        }
        Statics { roots, by_name }
    }
}

/// A body with its file URLs settled, and the files to copy for it.
#[derive(Debug, Default)]
pub(crate) struct Located {
    /// The body, a URL changed where its file was found elsewhere.
    pub(crate) body: String,
    /// `(path under the site root, old file)`.
    pub(crate) files: Vec<(String, PathBuf)>,
}

/// Finds the old file behind every local file URL of `body`: at its
/// path, else (when only one file has that name) wherever it is. A
/// bundle's relative URLs are its own files and stay as they are.
pub(crate) fn locate(
    statics: &Statics,
    source: &str,
    body: &str,
    bundle: bool,
    report: &mut Report,
) -> Located {
    let mut files = Vec::new();
    let body = map_urls(body, |url| {
        let relative = !url.starts_with(['/', '#', '@', '?']) && !url.contains(':');
        let rel = if relative && !bundle {
            file_path(&format!("/{}", url.trim_start_matches("./")))?
        } else {
            file_path(url)?
        };
        if let Some(from) = find(statics, &rel).filter(|_| !relative) {
            files.push((format!("static/{rel}"), from));
            return None;
        }
        let name = rel.rsplit('/').next().unwrap_or(&rel).to_lowercase();
        match statics.by_name.get(&name).map(Vec::as_slice) {
            Some([(found, from)]) => {
                files.push((
                    format!("static/{}", found.trim_start_matches('/')),
                    from.clone(),
                ));
                Some(
                    found
                        .replace(' ', "%20")
                        .replace('(', "%28")
                        .replace(')', "%29"),
                )
            }
            _ => {
                report.unmapped(
                    source,
                    format!("`{url}` is not in the old site's files; the link is kept as it is"),
                );
                None
            }
        }
    });
    Located { body, files }
}

/// The files a theme showed from front matter (`image`, `header.teaser`,
/// …, kept under `[extra]`): every local image path among its values,
/// found as `locate` finds a body's. Nothing is reported for a missing one:
/// a theme may have ignored the key.
pub(crate) fn front_files(statics: &Statics, extra: &toml::Table) -> Vec<(String, PathBuf)> {
    let mut urls = Vec::new();
    image_values(extra, &mut urls);
    let body: String = urls.iter().map(|u| format!("![]({u})\n")).collect();
    let mut quiet = Report::default();
    locate(statics, "", &body, false, &mut quiet).files
}

/// Root-relative (or, as a theme's `relative_url` reads them, bare) image paths.
fn image_values(table: &toml::Table, out: &mut Vec<String>) {
    for value in table.values() {
        match value {
            toml::Value::String(s) => {
                let image = [".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".avif"]
                    .iter()
                    .any(|e| s.to_ascii_lowercase().ends_with(e));
                if image && !s.contains("://") && !s.starts_with("//") {
                    let path = format!("/{}", s.trim_start_matches('/'));
                    out.push(path.replace(' ', "%20"));
                }
            }
            toml::Value::Table(t) => image_values(t, out),
            _ => {}
        }
    }
}

/// Copies the files `locate` found; returns how many were written.
pub(crate) fn copy_found(
    root: &Path,
    files: &[(String, PathBuf)],
    done: &mut BTreeSet<String>,
    report: &mut Report,
) -> Result<usize, Error> {
    let mut written = 0;
    for (rel, from) in files {
        if done.insert(rel.clone()) {
            written += copy_one(root, rel, from, report)?;
        }
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
        Outcome::Outside => {
            report.unmapped(rel, crate::import::OUTSIDE);
            Ok(0)
        }
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
