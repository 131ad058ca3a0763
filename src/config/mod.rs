//! Stage 1: `site.toml` → a validated [`Config`].
//!
//! 1. read `site.toml` and parse it into [`raw::RawConfig`] (unknown keys are errors);
//! 2. apply the command line's overrides (`--base-url`, `--drafts`, `--future`);
//! 3. validate: base URL, languages, taxonomies, theme (`validate`).

mod base_url;
mod lang;
pub mod permalink;
mod raw;
pub mod theme;
mod validate;

use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Diagnostics};

pub use base_url::BaseUrl;
pub use lang::{Lang, LanguageConfig, Quotes};

/// The file name of the site configuration.
pub const CONFIG_FILE: &str = "site.toml";

/// What the command line can change about a build.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// Replaces `base_url` from `site.toml`.
    pub base_url: Option<String>,
    /// Build pages marked `draft = true`.
    pub drafts: bool,
    /// Build pages dated in the future.
    pub future: bool,
}

/// One `[[taxonomies]]` entry.
#[derive(Debug, Clone)]
pub struct TaxonomyConfig {
    /// `tags`, `lessons`: also the URL segment and the front matter key.
    pub name: String,
    /// Whether each term gets an Atom feed.
    pub feed: bool,
    /// Terms per page on a term's page, if paginated.
    pub paginate_by: Option<usize>,
}

/// `[markdown]` settings.
#[derive(Debug, Clone)]
pub struct MarkdownConfig {
    /// Highlight fenced code with syntect.
    pub highlight_code: bool,
    /// The syntect theme the generated stylesheet is made from.
    pub highlight_theme: String,
    /// The syntect theme of the stylesheet's `prefers-color-scheme: dark` block.
    pub highlight_theme_dark: String,
    /// Curly quotes per language, dashes, ellipses.
    pub smart_punctuation: bool,
}

/// `[images]` settings: the published widths of a bundle's photos.
#[derive(Debug, Clone, Hash)]
pub struct ImagesConfig {
    /// Widths in pixels each image is published in (those below its own), ascending.
    pub widths: Vec<u32>,
    /// JPEG quality of the resized copies (1–100).
    pub quality: u8,
    /// The `sizes` attribute: how wide an image is shown.
    pub sizes: String,
    /// The width a link preview's image should have at least.
    pub preview_width: u32,
}

/// `[previews]` settings: link cards (Open Graph, Twitter).
#[derive(Debug, Clone, Default)]
pub struct PreviewsConfig {
    /// The site's own preview image (a root-relative path or a URL), for
    /// pages without a photo.
    pub image: Option<String>,
}

/// `[search]`: the offline search index and field.
#[derive(Debug, Clone)]
pub struct SearchConfig {
    /// Whether a search index is built and the theme shows a search field.
    pub enabled: bool,
    /// Whether a search without hits in the reader's language offers the
    /// reports that exist only in another language.
    pub other_language: bool,
}

/// The validated site configuration plus build options.
#[derive(Debug, Clone)]
pub struct Config {
    /// The site root (the folder holding `site.toml`).
    pub root: PathBuf,
    /// Where every URL lives.
    pub base_url: BaseUrl,
    /// The language served at the root.
    pub default_language: Lang,
    /// All languages, the default first, then by code.
    pub languages: Vec<LanguageConfig>,
    /// The theme folder name under `themes/`, if any.
    pub theme: Option<String>,
    /// Taxonomies in the order of `site.toml`.
    pub taxonomies: Vec<TaxonomyConfig>,
    /// Markdown options.
    pub markdown: MarkdownConfig,
    /// Image widths and quality.
    pub images: ImagesConfig,
    /// Link previews.
    pub previews: PreviewsConfig,
    /// `[search]`.
    pub search: SearchConfig,
    /// `[permalinks]`: URL patterns of sections' pages, the longest section first.
    pub permalinks: Vec<permalink::Permalink>,
    /// `[extra]`, for templates.
    pub extra: serde_json::Value,
    /// Build drafts.
    pub drafts: bool,
    /// Note every link's and image's URL while rendering, for `check` to
    /// find those that lead nowhere (builds need not pay for it).
    pub check_links: bool,
    /// Build pages dated in the future.
    pub future: bool,
}

impl Config {
    /// The settings of `lang`, which must be configured.
    pub fn language(&self, lang: &Lang) -> &LanguageConfig {
        self.languages
            .iter()
            .find(|l| &l.lang == lang)
            .unwrap_or(&self.languages[0])
    }

    /// The configured language with this code.
    pub fn lang(&self, code: &str) -> Option<&Lang> {
        self.languages
            .iter()
            .map(|l| &l.lang)
            .find(|l| l.as_str() == code)
    }

    /// All configured languages, the default first.
    pub fn langs(&self) -> impl Iterator<Item = &Lang> {
        self.languages.iter().map(|l| &l.lang)
    }

    /// `content/`.
    pub fn content_dir(&self) -> PathBuf {
        self.root.join("content")
    }

    /// The `[permalinks]` pattern for pages in the section folder `dir`, if any.
    pub fn permalink(&self, dir: &str) -> Option<&permalink::Permalink> {
        self.permalinks.iter().find(|p| p.covers(dir))
    }

    /// `themes/NAME/`, when a theme is set and has its folder.
    pub fn theme_dir(&self) -> Option<PathBuf> {
        self.theme
            .as_ref()
            .map(|name| self.root.join("themes").join(name))
            .filter(|dir| dir.is_dir())
    }

    /// Whether the site uses the default theme built into debrief: it sets
    /// `theme = "default"` and has no `themes/default/` folder.
    pub fn builtin_theme(&self) -> bool {
        self.theme.as_deref() == Some(theme::BUILTIN) && self.theme_dir().is_none()
    }
}

/// Reads and validates `ROOT/site.toml`.
pub fn load(root: &Path, overrides: &Overrides) -> Result<Config, Diagnostics> {
    let path = root.join(CONFIG_FILE);
    let shown = PathBuf::from(CONFIG_FILE);
    let bytes = std::fs::read(&path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => no_site(root),
        _ => Diagnostic::in_file(format!("cannot read the site configuration: {e}"), &shown)
            .with_note(format!("looked in {}", root.display())),
    })?;
    let text = crate::diag::utf8(&shown, bytes)?;
    validate::parse(root, &shown, &text, overrides)
}

/// A folder without `site.toml`: most often debrief run in the wrong one.
fn no_site(root: &Path) -> Diagnostic {
    let folder = match root.as_os_str().is_empty() || root == Path::new(".") {
        true => "this folder".to_owned(),
        false => root.display().to_string(),
    };
    Diagnostic::error(
        format!("no {CONFIG_FILE} in {folder}: it holds no debrief site"),
        None,
    )
    .with_note(
        "run debrief in the site's folder (the one with site.toml), or name it with --root DIR",
    )
    .with_note("`debrief init DIR` makes a new site")
}

/// Parses `site.toml` text for a site at `.`, for unit tests of later stages.
#[cfg(test)]
pub(crate) fn load_str(text: &str, overrides: &Overrides) -> Result<Config, Diagnostics> {
    validate::parse(Path::new("."), Path::new(CONFIG_FILE), text, overrides)
}
