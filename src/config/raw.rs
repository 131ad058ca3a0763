//! `site.toml` exactly as written: serde types that reject unknown keys.

use std::collections::BTreeMap;

use serde::Deserialize;

/// The whole `site.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawConfig {
    pub(crate) base_url: String,
    pub(crate) default_language: Option<String>,
    pub(crate) theme: Option<String>,
    pub(crate) title: Option<String>,
    pub(crate) description: Option<String>,
    #[serde(default)]
    pub(crate) languages: BTreeMap<String, RawLanguage>,
    #[serde(default)]
    pub(crate) taxonomies: Vec<RawTaxonomy>,
    #[serde(default)]
    pub(crate) markdown: RawMarkdown,
    #[serde(default)]
    pub(crate) search: RawSearch,
    #[serde(default)]
    pub(crate) permalinks: BTreeMap<String, String>,
    #[serde(default)]
    pub(crate) images: RawImages,
    #[serde(default)]
    pub(crate) previews: RawPreviews,
    #[serde(default)]
    pub(crate) extra: toml::Table,
}

/// `[languages.LANG]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawLanguage {
    pub(crate) title: Option<String>,
    pub(crate) description: Option<String>,
    pub(crate) show_untranslated: Option<bool>,
    pub(crate) quotes: Option<Vec<String>>,
    pub(crate) locale: Option<String>,
}

/// One `[[taxonomies]]` entry.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawTaxonomy {
    pub(crate) name: String,
    #[serde(default)]
    pub(crate) feed: bool,
    pub(crate) paginate_by: Option<usize>,
}

/// `[markdown]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct RawMarkdown {
    pub(crate) highlight_code: bool,
    pub(crate) highlight_theme: String,
    pub(crate) highlight_theme_dark: String,
    pub(crate) smart_punctuation: bool,
}

impl Default for RawMarkdown {
    fn default() -> Self {
        RawMarkdown {
            highlight_code: true,
            highlight_theme: "InspiredGitHub".to_owned(),
            highlight_theme_dark: "base16-ocean.dark".to_owned(),
            smart_punctuation: true,
        }
    }
}

/// `[images]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct RawImages {
    pub(crate) widths: Vec<u32>,
    pub(crate) quality: u8,
    pub(crate) sizes: String,
    pub(crate) preview_width: u32,
}

impl Default for RawImages {
    fn default() -> Self {
        RawImages {
            widths: vec![480, 960, 1600],
            quality: 80,
            sizes: "(min-width: 46rem) 42rem, calc(100vw - 2.5rem)".to_owned(),
            preview_width: 1200,
        }
    }
}

/// `[previews]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct RawPreviews {
    pub(crate) image: Option<String>,
}

/// `[search]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct RawSearch {
    pub(crate) enabled: bool,
    pub(crate) other_language: bool,
}

impl Default for RawSearch {
    fn default() -> Self {
        RawSearch {
            enabled: true,
            other_language: true,
        }
    }
}
