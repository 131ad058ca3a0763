//! A page of the site model: one language version of one report.

use std::ops::Range;
use std::sync::Arc;

use crate::config::{Config, Lang};
use crate::content::date::Date;
use crate::content::front_matter::{PageFront, Person};
use crate::content::source::{Asset, Source, SourceKind};
use crate::content::source_file::SourceFile;
use crate::diag::{Diagnostic, Diagnostics};
use crate::site::slug::slugify;
use crate::site::{EventId, PageId, SectionId, TermId, order, smart_text, url};

/// The identity of a page across rebuilds: translation key plus language.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PageKey {
    /// `reports/leweb-interview`: the path without language and date prefix.
    pub tkey: Arc<str>,
    /// The language of this version.
    pub lang: Lang,
}

/// One language version of a page, with everything the model knows about
/// it: what its own file says ([`Own`], shared with the model before while
/// the file is the same) and its links to the rest of the site, derived
/// anew by each model. A page reads as its own fields (`page.title`).
#[derive(Debug, Clone)]
pub struct Page {
    /// What the page is by its own file alone.
    pub own: Arc<Own>,
    /// Its section in the same language.
    pub section: SectionId,
    /// The other language versions, in language order.
    pub translations: Vec<PageId>,
    /// The default-language version, when this is a translation.
    pub original: Option<PageId>,
    /// This translation is behind its original: by its stamp when it has
    /// one (the original's text changed since), else by date.
    pub outdated: bool,
    /// When the original changed since this (outdated) translation: from
    /// git for a stamped one when known, else the original's date.
    pub outdated_since: Option<Date>,
    /// Neighbours in the section's order (same language only).
    pub earlier: Option<PageId>,
    /// See `earlier`.
    pub later: Option<PageId>,
    /// Taxonomy terms in this page's language.
    pub terms: Vec<TermId>,
    /// The event it reports from, in this page's language.
    pub event: Option<EventId>,
}

/// The fields a page takes from its own file: the same in every model
/// while the file is not read again.
#[derive(Debug)]
pub struct Own {
    /// Stable identity.
    pub key: PageKey,
    /// The source file.
    pub file: Arc<SourceFile>,
    /// The Markdown body's range in `file.text` (empty while the file is
    /// `unread`).
    pub body: Range<usize>,
    /// The front matter as written.
    pub front: Arc<PageFront>,
    /// The title (required, so always present), with smart punctuation.
    pub title: String,
    /// The description, with smart punctuation.
    pub description: Option<String>,
    /// Who was interviewed, with smart punctuation.
    pub people: Vec<Person>,
    /// The title as lists order it (see `order::title_key`), made once.
    pub sort_title: String,
    /// From the front matter or the file name's date prefix.
    pub date: Option<Date>,
    /// URL segment.
    pub slug: String,
    /// Site path, e.g. `/en/reports/x/`.
    pub path: String,
    /// The section folder it lives in.
    pub dir: Arc<str>,
    /// Bundle assets, copied next to the output.
    pub assets: Arc<Vec<Asset>>,
}

impl std::ops::Deref for Page {
    type Target = Own;

    fn deref(&self) -> &Own {
        &self.own
    }
}

impl Page {
    /// A page made from its source file alone: its links to other pages,
    /// sections, terms and events are left to be derived.
    pub(crate) fn new(
        config: &Config,
        source: &Source,
        tkey: Arc<str>,
        date: Option<Date>,
        diags: &mut Diagnostics,
    ) -> Page {
        let SourceKind::Page(front) = &source.kind else {
            unreachable!("new_page is only called for pages")
        };
        let wanted = front.slug.as_deref().unwrap_or(&source.path.stem);
        let mut slug = slugify(wanted);
        if slug.is_empty() {
            diags.push(Diagnostic::in_file(
                format!("`{wanted}` gives an empty slug; set `slug` in the front matter"),
                &source.file.shown,
            ));
            slug = "page".to_owned();
        }
        for alias in &front.aliases {
            let escapes = alias
                .split(['/', '\\'])
                .any(|seg| seg == ".." || seg == ".")
                || alias.contains("://")
                || alias.trim_matches('/').is_empty();
            if escapes {
                diags.push(Diagnostic::in_file(
                    format!("alias `{alias}` must be a path inside the site, like \"/old/url/\""),
                    &source.file.shown,
                ));
            }
        }
        let lang = source.path.lang.clone();
        let path = url::page_path(config, &lang, &source.path.dir, &slug, date.as_ref())
            .unwrap_or_else(|message| {
                diags.push(Diagnostic::in_file(message, &source.file.shown).with_note(
                    "set `date` in its front matter, or start its file name with YYYY-MM-DD-",
                ));
                url::section_path(config, &lang, &source.path.dir) + &slug + "/"
            });
        let smart = |text: &str| smart_text(config, &lang, text);
        let title = smart(front.title.as_deref().unwrap_or_default());
        let description = front.description.as_deref().map(smart);
        let people = front
            .people
            .iter()
            .map(|p| Person {
                name: smart(&p.name),
                role: p.role.as_deref().map(smart),
                org: p.org.as_deref().map(smart),
            })
            .collect();
        Page::linkless(Arc::new(Own {
            key: PageKey { tkey, lang },
            sort_title: order::title_key(&title),
            title,
            description,
            people,
            file: source.file.clone(),
            body: source.body.clone(),
            date,
            slug,
            path,
            dir: Arc::from(source.path.dir.as_str()),
            assets: source.assets.clone(),
            front: front.clone(),
        }))
    }

    /// This page with what it derives from its own file only: the links to
    /// other pages, sections, terms and events left to be derived again.
    pub(crate) fn unlinked(&self) -> Page {
        Page::linkless(self.own.clone())
    }

    /// A page of these own fields, its links not derived yet.
    fn linkless(own: Arc<Own>) -> Page {
        Page {
            own,
            section: SectionId(0),
            translations: Vec::new(),
            original: None,
            outdated: false,
            outdated_since: None,
            earlier: None,
            later: None,
            terms: Vec::new(),
            event: None,
        }
    }

    /// `updated` if set, else `date`: what "is this translation behind" compares.
    pub fn last_changed(&self) -> Option<Date> {
        self.front.updated.or(self.date)
    }
}
