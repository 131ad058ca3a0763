//! What every template of a page gets besides its own object: language,
//! site and config views, the menu, and the page's language versions
//! (hreflang, switcher), as described in docs/templates.md.

use std::collections::HashMap;

use serde::Serialize;
use tera::Context;

use crate::config::Lang;
use crate::i18n::Catalog;
use crate::site::{PageId, Site, event, taxonomy, url};

#[derive(Serialize)]
struct LanguageView<'a> {
    code: &'a str,
    title: &'a str,
    description: &'a str,
    url: String,
    events_url: String,
    feed_url: String,
    taxonomies: Vec<TaxonomyLink<'a>>,
}

/// A taxonomy's term list in one language, for a site's navigation.
#[derive(Serialize)]
struct TaxonomyLink<'a> {
    name: &'a str,
    url: String,
}

#[derive(Serialize)]
struct ConfigView<'a> {
    base_url: String,
    default_language: &'a str,
    languages: Vec<LanguageView<'a>>,
    extra: &'a serde_json::Value,
}

/// `search`: where the theme's search script finds the indexes; absent
/// (null) when `[search] enabled = false`.
#[derive(Serialize)]
struct SearchView<'a> {
    /// URL path of the indexes' folder, `/blog/pagefind/` (a folder per language).
    bundle: String,
    /// URL of the theme's search script (absolute, as the stylesheet's).
    script: String,
    /// Every language's code, this one's first.
    langs: Vec<&'a str>,
    /// Whether to offer pages that exist only in another language.
    other_language: bool,
}

#[derive(Serialize)]
struct MenuItem<'a> {
    title: &'a str,
    url: String,
    section: bool,
}

#[derive(Serialize)]
struct Version<'a> {
    lang: &'a str,
    title: &'a str,
    url: String,
    current: bool,
}

#[derive(Serialize)]
struct LanguageLink<'a> {
    lang: &'a str,
    name: &'a str,
    url: String,
    current: bool,
    exists: bool,
}

/// The context every template of a language starts from.
pub(crate) fn globals(site: &Site) -> HashMap<Lang, Context> {
    let config = &site.config;
    let languages: Vec<LanguageView<'_>> = config
        .languages
        .iter()
        .map(|l| LanguageView {
            code: l.lang.as_str(),
            title: &l.title,
            description: &l.description,
            url: url::absolute(config, &url::section_path(config, &l.lang, "")),
            events_url: url::absolute(config, &event::list_path(config, &l.lang)),
            feed_url: url::absolute(
                config,
                &url::feed_path(&url::section_path(config, &l.lang, "")),
            ),
            taxonomies: config
                .taxonomies
                .iter()
                .map(|t| TaxonomyLink {
                    name: &t.name,
                    url: url::absolute(config, &taxonomy::list_path(config, &l.lang, &t.name)),
                })
                .collect(),
        })
        .collect();
    let config_view = ConfigView {
        base_url: config.base_url.absolute(""),
        default_language: config.default_language.as_str(),
        languages,
        extra: &config.extra,
    };
    config
        .languages
        .iter()
        .zip(&config_view.languages)
        .map(|(l, view)| {
            let mut ctx = Context::new();
            ctx.insert("lang", l.lang.as_str());
            ctx.insert("site", view);
            ctx.insert("config", &config_view);
            ctx.insert("highlight_css", &config.markdown.highlight_code);
            let search = config.search.enabled.then(|| SearchView {
                bundle: url::rooted(config, &format!("/{}/", crate::search::DIR)),
                script: url::absolute(config, "/js/search.js"),
                langs: std::iter::once(l.lang.as_str())
                    .chain(
                        config
                            .langs()
                            .map(Lang::as_str)
                            .filter(|c| *c != l.lang.as_str()),
                    )
                    .collect(),
                other_language: config.search.other_language,
            });
            ctx.insert("search", &search);
            ctx.insert("menu", &menu(site, &l.lang));
            (l.lang.clone(), ctx)
        })
        .collect()
}

/// The site's top-level sections, then the pages directly in `content/`
/// (`about.md`), each by weight and title, as listed in `lang`.
fn menu<'a>(site: &'a Site, lang: &Lang) -> Vec<MenuItem<'a>> {
    let config = &site.config;
    let mut sections: Vec<&crate::site::section::Section> = site
        .sections
        .iter()
        .filter(|s| &s.lang == lang && !s.is_home() && !s.dir.contains('/'))
        .filter(|s| s.own_index || !s.pages.is_empty())
        .collect();
    sections.sort_by(|a, b| (a.front.weight, &a.title).cmp(&(b.front.weight, &b.title)));
    let mut pages: Vec<PageId> = site
        .page_ids()
        .filter(|&id| site.page(id).dir.is_empty())
        .filter(|&id| crate::site::lists::shown_in_site(site, id, lang))
        .collect();
    pages.sort_by(|a, b| {
        let (a, b) = (site.page(*a), site.page(*b));
        (a.front.weight, &a.title).cmp(&(b.front.weight, &b.title))
    });
    let sections = sections.into_iter().map(|s| MenuItem {
        title: &s.title,
        url: url::absolute(config, &s.path),
        section: true,
    });
    let pages = pages.into_iter().map(|id| {
        let p = site.page(id);
        MenuItem {
            title: &p.title,
            url: url::absolute(config, &p.path),
            section: false,
        }
    });
    sections.chain(pages).collect()
}

/// What an HTML output is, for the globals every template gets.
pub(super) struct Frame {
    pub(super) lang: Lang,
    /// Site path of this output.
    pub(super) path: String,
    /// `(lang, site path, title)` of every language version, this one included.
    pub(super) versions: Vec<(Lang, String, String)>,
    /// Where the language switcher goes for a language without a version.
    pub(super) fallback: fn(&Site, &Lang, usize) -> String,
    /// Passed to `fallback` (a taxonomy index, or unused).
    pub(super) fallback_arg: usize,
}

pub(super) fn home_of(site: &Site, lang: &Lang, _: usize) -> String {
    url::section_path(&site.config, lang, "")
}

pub(super) fn section_of(site: &Site, lang: &Lang, section: usize) -> String {
    let dir = &site.sections[section].dir;
    url::section_path(&site.config, lang, dir)
}

pub(super) fn taxonomy_list_of(site: &Site, lang: &Lang, tax: usize) -> String {
    taxonomy::list_path(&site.config, lang, &site.config.taxonomies[tax].name)
}

pub(super) fn event_list_of(site: &Site, lang: &Lang, _: usize) -> String {
    event::list_path(&site.config, lang)
}

pub(super) fn all_languages(
    site: &Site,
    path_in: impl Fn(&Lang) -> String,
    title: &str,
) -> Vec<(Lang, String, String)> {
    site.config
        .langs()
        .map(|l| (l.clone(), path_in(l), title.to_owned()))
        .collect()
}

pub(super) fn add_versions(ctx: &mut Context, site: &Site, catalog: &Catalog, frame: &Frame) {
    let config = &site.config;
    let rank = |l: &Lang| config.langs().position(|x| x == l).unwrap_or(usize::MAX);
    let mut versions: Vec<&(Lang, String, String)> = frame.versions.iter().collect();
    versions.sort_by_key(|(l, _, _)| rank(l));
    let translations: Vec<Version<'_>> = versions
        .iter()
        .map(|(l, p, title)| Version {
            lang: l.as_str(),
            title,
            url: url::absolute(config, p),
            current: *l == frame.lang,
        })
        .collect();
    let x_default = versions
        .iter()
        .find(|(l, _, _)| *l == config.default_language)
        .map_or(frame.path.as_str(), |(_, p, _)| p.as_str());
    let links: Vec<LanguageLink<'_>> = config
        .langs()
        .map(|l| {
            let version = versions.iter().find(|(v, _, _)| v == l);
            let path = version.map_or_else(
                || (frame.fallback)(site, l, frame.fallback_arg),
                |(_, p, _)| p.clone(),
            );
            LanguageLink {
                lang: l.as_str(),
                name: catalog.get(l, "language_name").unwrap_or(l.as_str()),
                url: url::absolute(config, &path),
                current: *l == frame.lang,
                exists: version.is_some(),
            }
        })
        .collect();
    ctx.insert("current_url", &url::absolute(config, &frame.path));
    ctx.insert("current_path", &url::rooted(config, &frame.path));
    ctx.insert("translations", &translations);
    ctx.insert("x_default_url", &url::absolute(config, x_default));
    ctx.insert("language_links", &links);
}
