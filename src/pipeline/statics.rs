//! Files published as they are: the theme's and the site's `static/`,
//! bundle assets, and the generated highlighting stylesheet.

use crate::config::{self, Config};
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
    for page in &site.pages {
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
