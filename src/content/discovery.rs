//! Step 1 of loading content: walk `content/` and sort what is there into
//! Markdown files and the assets of each bundle.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::Config;
use crate::content::source::Asset;
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::rel_path::rel_path;

/// The files under `content/`: Markdown sources and the assets of each bundle.
#[derive(Debug, Default, Clone)]
pub struct Discovered {
    /// `(path on disk, path relative to content/ with '/')`, sorted.
    pub markdown: Vec<(PathBuf, String)>,
    /// Bundle folder (relative to content/) → its assets.
    pub assets: BTreeMap<String, Arc<Vec<Asset>>>,
    /// Symbolic links, which are not followed (relative to content/).
    pub links: Vec<String>,
}

/// Walks `content/`. Hidden files and folders are skipped, and so are
/// symbolic links (listed in [`Discovered::links`]).
pub fn discover(config: &Config) -> Result<Discovered, Diagnostics> {
    let dir = config.content_dir();
    if !dir.is_dir() {
        return Err(Diagnostic::in_file(
            "there is no content/ folder: put your Markdown pages in content/",
            Path::new("content"),
        )
        .into());
    }
    let mut files: Vec<(PathBuf, String)> = Vec::new();
    let mut links: Vec<String> = Vec::new();
    let mut diags = Diagnostics::new();
    // Sorted below, by path: walkdir's own sorting compared file names as
    // paths, a third of the walk.
    let walker = walkdir::WalkDir::new(&dir).into_iter().filter_entry(|e| {
        e.depth() == 0 || e.file_name().as_encoded_bytes().first() != Some(&b'.')
    });
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_file() => {
                let rel = rel_path(&dir, e.path());
                files.push((e.into_path(), rel));
            }
            Ok(e) if e.path_is_symlink() => links.push(rel_path(&dir, e.path())),
            Ok(_) => {}
            Err(e) => diags.push(Diagnostic::error(
                format!("cannot read: {e}"),
                e.path().map(Location::file),
            )),
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    // Folder by folder, each by name, as a walk would give them.
    files.sort_unstable_by(|a, b| a.1.split('/').cmp(b.1.split('/')));
    links.sort_unstable();
    Ok(Discovered {
        links,
        ..sort_files(files)
    })
}

/// A folder holding `index.md` or `index.LANG.md` is a bundle: everything else
/// under it is an asset of that bundle.
fn sort_files(files: Vec<(PathBuf, String)>) -> Discovered {
    let bundles: BTreeSet<String> = files
        .iter()
        .filter_map(|(_, rel)| {
            let (dir, name) = rel.rsplit_once('/')?;
            let is_index = name == "index.md"
                || (name.starts_with("index.")
                    && name.ends_with(".md")
                    && name.matches('.').count() == 2);
            is_index.then(|| dir.to_owned())
        })
        .collect();
    let bundle_of = |rel: &str| {
        bundles
            .iter()
            .find(|b| rel.starts_with(b.as_str()) && rel.as_bytes().get(b.len()) == Some(&b'/'))
            .cloned()
    };
    let mut found = Discovered::default();
    let mut assets: BTreeMap<String, Vec<Asset>> = BTreeMap::new();
    for (path, rel) in files {
        match bundle_of(&rel) {
            Some(bundle) => {
                let inner = &rel[bundle.len() + 1..];
                if inner.contains('/') || !inner.ends_with(".md") {
                    assets.entry(bundle).or_default().push(Asset {
                        src: path,
                        rel: inner.to_owned(),
                    });
                } else if inner.starts_with("index.") {
                    found.markdown.push((path, rel));
                } else {
                    // Other Markdown in a bundle is an asset too (a transcript, say).
                    assets.entry(bundle).or_default().push(Asset {
                        src: path,
                        rel: inner.to_owned(),
                    });
                }
            }
            None if rel.ends_with(".md") => found.markdown.push((path, rel)),
            None => {}
        }
    }
    found.assets = assets.into_iter().map(|(k, v)| (k, Arc::new(v))).collect();
    found
}

/// The warning for a symbolic link that a build skips (`shown` relative
/// to the site root).
pub fn symlink_warning(shown: PathBuf) -> Diagnostic {
    Diagnostic::warning(
        "this symbolic link is skipped: debrief does not follow links, so nothing of it is published",
        Some(Location::file(shown)),
    )
    .with_note("put the file or folder itself here instead of a link to it")
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::sort_files;

    #[test]
    fn bundles_own_their_assets() {
        let files = [
            "reports/2008-12-16-leweb/index.md",
            "reports/2008-12-16-leweb/index.en.md",
            "reports/2008-12-16-leweb/photo.jpg",
            "reports/2008-12-16-leweb/slides/deck.pdf",
            "reports/other.md",
            "reports/stray.png",
        ];
        let found = sort_files(
            files
                .iter()
                .map(|f| (PathBuf::from(f), f.to_string()))
                .collect(),
        );
        let md: Vec<_> = found.markdown.iter().map(|(_, r)| r.as_str()).collect();
        assert_eq!(md, [files[0], files[1], files[4]]);
        let assets: Vec<_> = found.assets["reports/2008-12-16-leweb"]
            .iter()
            .map(|a| a.rel.as_str())
            .collect();
        assert_eq!(assets, ["photo.jpg", "slides/deck.pdf"]);
    }
}
