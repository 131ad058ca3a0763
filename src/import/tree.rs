//! The content folder of a Hugo or Zola site, file by file: section,
//! name, language suffix (`NAME.LANG.md`), and page bundles (`NAME/index.md`).

use std::path::{Path, PathBuf};

use crate::error::Error;

/// One Markdown file of a content folder.
#[derive(Debug, Clone)]
pub(crate) struct ContentFile {
    /// The file.
    pub(crate) path: PathBuf,
    /// Relative to the content folder, `/`-separated.
    pub(crate) rel: String,
    /// The section folders (`posts`), without a bundle's own folder.
    pub(crate) section: Vec<String>,
    /// The name: file stem, or a bundle's folder name; without language.
    pub(crate) name: String,
    /// The `.LANG` of `NAME.LANG.md`, when `langs` knows it.
    pub(crate) lang: Option<String>,
    /// A bundle's folder.
    pub(crate) bundle: Option<PathBuf>,
    /// `rel` without the language suffix (and for a bundle, its folder).
    pub(crate) key: String,
}

/// Every page file under `dir` (sections' `_index` files are left out).
pub(crate) fn files(dir: &Path, langs: &[String]) -> Result<Vec<ContentFile>, Error> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| Error::io(dir, e.into()))?;
        let path = entry.path();
        let is_md = path
            .extension()
            .is_some_and(|e| e == "md" || e == "markdown");
        if !entry.file_type().is_file() || !is_md {
            continue;
        }
        let Ok(rel) = path.strip_prefix(dir) else {
            continue;
        };
        let rel = rel.to_string_lossy().replace('\\', "/");
        if let Some(file) = one(path, &rel, langs) {
            out.push(file);
        }
    }
    Ok(out)
}

fn one(path: &Path, rel: &str, langs: &[String]) -> Option<ContentFile> {
    let mut parts: Vec<&str> = rel.split('/').collect();
    let file = parts.pop()?;
    let stem = file.rsplit_once('.').map_or(file, |(s, _)| s);
    let (base, lang) = match stem.rsplit_once('.') {
        Some((base, l)) if langs.iter().any(|x| x == l) => (base, Some(l.to_owned())),
        _ => (stem, None),
    };
    if base == "_index" {
        return None;
    }
    let (name, bundle) = if base == "index" && !parts.is_empty() {
        let folder = parts.pop()?;
        (folder.to_owned(), path.parent().map(Path::to_path_buf))
    } else {
        (base.to_owned(), None)
    };
    let section: Vec<String> = parts.iter().map(|s| (*s).to_owned()).collect();
    let mut key = section.join("/");
    if !key.is_empty() {
        key.push('/');
    }
    key.push_str(&name);
    Some(ContentFile {
        path: path.to_path_buf(),
        rel: rel.to_owned(),
        section,
        name,
        lang,
        bundle,
        key,
    })
}

#[cfg(test)]
mod tests {
    use super::one;
    use std::path::Path;

    #[test]
    fn suffixes_and_bundles() {
        let langs = vec!["de".to_owned(), "en".to_owned()];
        let f = one(
            Path::new("/c/posts/leweb.en.md"),
            "posts/leweb.en.md",
            &langs,
        )
        .expect("a page");
        assert_eq!(
            (f.name.as_str(), f.lang.as_deref(), f.key.as_str()),
            ("leweb", Some("en"), "posts/leweb")
        );
        let b = one(
            Path::new("/c/posts/paris/index.de.md"),
            "posts/paris/index.de.md",
            &langs,
        )
        .expect("a bundle");
        assert_eq!(
            (b.name.as_str(), b.key.as_str(), b.section.clone()),
            ("paris", "posts/paris", vec!["posts".to_owned()])
        );
        assert!(b.bundle.is_some());
        let v = one(Path::new("/c/posts/v1.2.md"), "posts/v1.2.md", &langs).expect("a page");
        assert_eq!((v.name.as_str(), v.lang), ("v1.2", None));
        assert!(
            one(
                Path::new("/c/posts/_index.en.md"),
                "posts/_index.en.md",
                &langs
            )
            .is_none()
        );
    }
}
