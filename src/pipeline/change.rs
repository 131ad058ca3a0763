//! What a changed file means for the build: a pure classification of paths.

use std::path::{Path, PathBuf};

/// One kind of change, as the incremental build handles it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Change {
    /// `site.toml` or the theme's `theme.toml`: rebuild everything.
    Config,
    /// A file under `content/` (added, edited or removed).
    Content(PathBuf),
    /// A template of the site or the theme.
    Template,
    /// A UI strings file of the site or the theme.
    I18n,
    /// A file under a `static/` folder.
    Static(PathBuf),
}

/// Where things live, for [`classify`].
#[derive(Debug, Clone)]
pub struct Layout {
    /// The site root.
    pub root: PathBuf,
    /// `themes/NAME`, if the site has a theme.
    pub theme: Option<PathBuf>,
    /// The output folder, whose changes are ours and ignored.
    pub output: Option<PathBuf>,
}

/// Editor and OS leftovers that are never content (cf. Zola's `is_temp_file`).
pub fn is_temporary(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return true;
    };
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".swo")
        || name.ends_with(".tmp")
        || name.ends_with(".bak")
        || name.ends_with(".crdownload")
        || name == "4913"
}

/// Sorts changed paths into changes, dropping what does not matter; the
/// result is sorted and without duplicates.
pub fn classify(layout: &Layout, paths: &[PathBuf]) -> Vec<Change> {
    let root = &layout.root;
    let mut changes: Vec<Change> = paths
        .iter()
        .filter(|p| !is_temporary(p))
        .filter(|p| !layout.output.as_ref().is_some_and(|o| p.starts_with(o)))
        .filter(|p| {
            let rel = p.strip_prefix(root).unwrap_or(p);
            !rel.components().any(|c| {
                let c = c.as_os_str().to_string_lossy();
                c.starts_with('.') || c == "target"
            })
        })
        .filter_map(|p| {
            let under = |dir: &Path, name: &str| p.starts_with(dir.join(name));
            let in_site_or_theme = |name: &str| {
                under(root, name) || layout.theme.as_ref().is_some_and(|t| under(t, name))
            };
            if p == &root.join("site.toml")
                || layout
                    .theme
                    .as_ref()
                    .is_some_and(|t| p == &t.join("theme.toml"))
            {
                Some(Change::Config)
            } else if under(root, "content") {
                Some(Change::Content(p.clone()))
            } else if in_site_or_theme("templates") {
                Some(Change::Template)
            } else if in_site_or_theme("i18n") {
                Some(Change::I18n)
            } else if in_site_or_theme("static") {
                Some(Change::Static(p.clone()))
            } else {
                None
            }
        })
        .collect();
    changes.sort();
    changes.dedup();
    changes
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::{Change, Layout, classify};

    #[test]
    fn table_of_paths() {
        let layout = Layout {
            root: PathBuf::from("/site"),
            theme: Some(PathBuf::from("/site/themes/default")),
            output: Some(PathBuf::from("/site/public")),
        };
        let cases: &[(&str, Option<Change>)] = &[
            ("/site/site.toml", Some(Change::Config)),
            ("/site/themes/default/theme.toml", Some(Change::Config)),
            (
                "/site/content/reports/x.md",
                Some(Change::Content("/site/content/reports/x.md".into())),
            ),
            (
                "/site/content/reports/b/photo.jpg",
                Some(Change::Content("/site/content/reports/b/photo.jpg".into())),
            ),
            ("/site/templates/page.html", Some(Change::Template)),
            (
                "/site/themes/default/templates/base.html",
                Some(Change::Template),
            ),
            ("/site/i18n/en.toml", Some(Change::I18n)),
            ("/site/themes/default/i18n/de.toml", Some(Change::I18n)),
            (
                "/site/static/logo.svg",
                Some(Change::Static("/site/static/logo.svg".into())),
            ),
            (
                "/site/themes/default/static/css/debrief.css",
                Some(Change::Static(
                    "/site/themes/default/static/css/debrief.css".into(),
                )),
            ),
            ("/site/public/index.html", None),
            ("/site/.git/index", None),
            ("/site/content/reports/.x.md.swp", None),
            ("/site/content/reports/x.md~", None),
            ("/site/content/reports/#x.md#", None),
            ("/site/content/reports/4913", None),
            ("/site/README.md", None),
            ("/site/themes/other/templates/page.html", None),
        ];
        for (path, want) in cases {
            let got = classify(&layout, &[PathBuf::from(path)]);
            assert_eq!(got.first(), want.as_ref(), "{path}");
        }
    }

    #[test]
    fn duplicates_collapse() {
        let layout = Layout {
            root: "/s".into(),
            theme: None,
            output: None,
        };
        let paths = [
            PathBuf::from("/s/templates/a.html"),
            PathBuf::from("/s/templates/b.html"),
        ];
        assert_eq!(classify(&layout, &paths), [Change::Template]);
    }
}
