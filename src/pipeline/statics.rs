//! Files published as they are: the theme's (a folder's or the built-in
//! one's) and the site's `static/`,
//! bundle assets, and the generated highlighting stylesheet.

use crate::config::{self, Config, theme};
use crate::content::{self};
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::markdown::{self};
use crate::output::Outputs;
use crate::site::{Site, url};

/// The generated highlighting stylesheet, when code is highlighted.
pub(super) fn highlight_css(config: &Config) -> Result<Option<String>, Diagnostics> {
    if !config.markdown.highlight_code {
        return Ok(None);
    }
    let md = &config.markdown;
    markdown::highlight::stylesheet(&md.highlight_theme, &md.highlight_theme_dark)
        .map(Some)
        .map_err(|m| Diagnostic::error(m, Some(Location::file(config::CONFIG_FILE))).into())
}

/// The built-in theme's static files (when the site uses it) that the
/// site's `static/` does not replace: output path, bytes. Like the
/// stylesheet they follow from the binary, which the cache key covers.
pub(super) fn builtin_static(config: &Config) -> Vec<(String, &'static [u8])> {
    if !config.builtin_theme() {
        return Vec::new();
    }
    let own = config.root.join("static");
    theme::builtin_files("static")
        .filter(|(rel, _)| own.join(rel).symlink_metadata().is_err())
        .map(|(rel, bytes)| (rel.to_owned(), bytes))
        .collect()
}

/// Where the generated highlighting stylesheet goes.
pub(super) const HIGHLIGHT_CSS: &str = "css/highlight.css";

/// Theme `static/`, then site `static/` (which wins), then bundle assets next
/// to every language version of their page.
/// Returns a warning for each symbolic link skipped in `static/`.
pub(super) fn add_static(
    config: &Config,
    site: &Site,
    outputs: &mut Outputs,
) -> Result<Diagnostics, Diagnostics> {
    let mut links = Vec::new();
    if let Some(theme) = config.theme_dir() {
        links.extend(outputs.copy_tree(&theme.join("static"), "")?);
    }
    links.extend(outputs.copy_tree(&config.root.join("static"), "")?);
    for page in site.pages.iter().filter(|p| !p.assets.is_empty()) {
        let dir = url::output_file(&page.path);
        let dir = dir.trim_end_matches("index.html");
        for asset in page.assets.iter() {
            outputs
                .copies
                .insert(format!("{dir}{}", asset.rel), asset.src.clone());
        }
    }
    Ok(links
        .into_iter()
        .map(|link| {
            let shown = link.strip_prefix(&config.root).unwrap_or(&link);
            content::symlink_warning(shown.to_path_buf())
        })
        .collect())
}
