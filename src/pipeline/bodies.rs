//! The Markdown stage with its cache: a rendered body is reused while its
//! file's text and its links' targets are unchanged. The record is also
//! what the build cache keeps on disk.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use super::derive::Prepared;
use crate::config::Lang;
use crate::content::front_matter::Person;
use crate::content::source_file::SourceFile;
use crate::content::{self};
use crate::diag::{Diagnostic, Diagnostics};
use crate::images::ImageFacts;
use crate::markdown::{self, Rendered, highlight::Highlighter};
use crate::output::Stamp;
use crate::render::bodies::Bodies;
use crate::render::{self};
use crate::site::{PageId, Site, translations::resolve_link, url};

/// A rendered body, reusable while its file's text and its links' targets
/// are unchanged.
#[derive(Clone, serde::Serialize, serde::Deserialize)]
pub(super) struct CachedBody {
    /// The file, as shown in messages (the cache key).
    pub(super) shown: PathBuf,
    /// A hash of the file's text.
    pub(super) text: u64,
    /// The file's size and modification time when it was rendered.
    pub(super) stamp: Option<Stamp>,
    /// Its front matter as parsed ([`SourceFile::parsed`]): what a cached
    /// build takes instead of reading the unchanged file.
    #[serde(skip)]
    pub(super) front: Arc<str>,
    pub(super) lang: Lang,
    pub(super) rendered: Arc<Rendered>,
}

/// Cached bodies by file (as shown in messages).
pub(super) type BodyCache = HashMap<PathBuf, CachedBody, ahash::RandomState>;

/// The hash a cached body is keyed by: the same in every run of one binary.
pub(super) fn text_hash(text: &str) -> u64 {
    ahash::RandomState::with_seeds(1, 2, 3, 4).hash_one(text)
}

/// Renders, in full, the bodies of the pages of `jobs` that are not (yet,
/// or no longer: cached with only what lists need) whole.
pub(super) fn complete_bodies(
    prepared: &mut Prepared,
    jobs: &[render::Job],
    highlighter: &Highlighter,
) -> Result<(), Diagnostics> {
    let site = &prepared.site;
    let partial: Vec<PageId> = jobs
        .iter()
        .filter_map(|job| match job.kind {
            render::JobKind::Page(id) if prepared.bodies.pages[id.0 as usize].partial => Some(id),
            _ => None,
        })
        .collect();
    let cx = markdown::Context {
        site,
        highlighter,
        images: &prepared.images,
    };
    let rendered: Vec<(PageId, Result<CachedBody, Diagnostics>)> = partial
        .par_iter()
        .map(|&id| {
            let p = site.page(id);
            (
                id,
                render_body(&cx, &p.file, p.body.clone(), &p.key.lang, &p.people),
            )
        })
        .collect();
    let mut diags = Diagnostics::new();
    for (id, r) in rendered {
        match r {
            Ok(body) => {
                prepared.bodies.pages[id.0 as usize] = body.rendered.clone();
                prepared.cache.insert(body.shown.clone(), body);
            }
            Err(d) => diags.extend(d),
        }
    }
    diags.into_result().map(|_| ())
}

/// Renders one body, reading its file first when it is unread.
pub(super) fn render_body(
    cx: &markdown::Context<'_>,
    file: &Arc<SourceFile>,
    body: std::ops::Range<usize>,
    lang: &Lang,
    people: &[Person],
) -> Result<CachedBody, Diagnostics> {
    let (whole, body) = if file.unread {
        let whole = file.whole()?;
        let split = content::front_matter::split(&whole.text)
            .map_err(|(m, at)| Diagnostic::error(m, Some(whole.location(at))))?;
        (whole, split.body)
    } else {
        (file.clone(), body)
    };
    let rendered = markdown::render(cx, &whole, body, lang, people)?;
    Ok(CachedBody {
        shown: file.shown.clone(),
        text: text_hash(&whole.text),
        // The stamp its front matter was parsed at: should the file have
        // changed since, the next build parses it again.
        stamp: file.stamp,
        front: file.parsed.clone(),
        lang: lang.clone(),
        rendered: Arc::new(rendered),
    })
}

/// Keeps only what lists need of the bodies of the pages of `jobs`.
pub(super) fn cut_down(prepared: &mut Prepared, jobs: &[render::Job]) {
    for job in jobs {
        if let render::JobKind::Page(id) = job.kind {
            let slot = &mut prepared.bodies.pages[id.0 as usize];
            let lean = Arc::new(slot.list_only());
            *slot = lean.clone();
            if let Some(c) = prepared.cache.get_mut(&prepared.site.page(id).file.shown) {
                c.rendered = lean;
            }
        }
    }
}

/// Renders every page, section and term body in parallel, reusing a cached
/// body while its file is the same and its `@/` links resolve alike.
pub(super) fn render_bodies(
    site: &Arc<Site>,
    images: &ImageFacts,
    highlighter: &Highlighter,
    cache: Option<&BodyCache>,
    links_stable: bool,
    with_pages: bool,
) -> Result<(Bodies, BodyCache), Diagnostics> {
    let reuse = Reuse {
        cx: markdown::Context {
            site,
            highlighter,
            images,
        },
        cache,
        links_stable,
    };
    // Without pages, each gets a placeholder to render with its page.
    let pages: Vec<_> = site
        .pages
        .par_iter()
        .map(|p| match with_pages {
            true => reuse.body(Some(&p.file), p.body.clone(), &p.key.lang, &p.people),
            false => Ok(None),
        })
        .collect();
    let sections: Vec<_> = site
        .sections
        .par_iter()
        .map(|s| {
            let file = s.file.as_ref().filter(|_| s.own_index);
            reuse.body(file, s.body.clone(), &s.lang, &[])
        })
        .collect();
    let terms: Vec<_> = site
        .terms
        .par_iter()
        .map(|t| {
            let source = t.source.as_ref();
            let body = source.map_or(0..0, |s| s.body.clone());
            reuse.body(source.map(|s| &s.file), body, &t.lang, &[])
        })
        .collect();
    let mut gathered = Gathered::default();
    let pending = Arc::new(Rendered {
        partial: true,
        ..Rendered::default()
    });
    let bodies = Bodies {
        pages: gathered.take(pages, (!with_pages).then_some(&pending)),
        sections: gathered.take(sections, None),
        terms: gathered.take(terms, None),
    };
    let Gathered {
        mut diags, cache, ..
    } = gathered;
    if diags.has_errors() {
        diags.sort();
        return Err(diags);
    }
    Ok((bodies, cache))
}

/// Renders a body, or takes it from the cache while it still holds.
struct Reuse<'a> {
    cx: markdown::Context<'a>,
    cache: Option<&'a BodyCache>,
    /// Whether every `@/` link resolves as before (no page came or went).
    links_stable: bool,
}

impl Reuse<'_> {
    /// The body of `file` (`None` without one), from the cache or rendered.
    fn body(
        &self,
        file: Option<&Arc<SourceFile>>,
        body: std::ops::Range<usize>,
        lang: &Lang,
        people: &[Person],
    ) -> Result<Option<CachedBody>, Diagnostics> {
        let Some(file) = file else { return Ok(None) };
        if let Some(hit) = self.cached(file, lang) {
            // Kept with the stamp the file has now, so the next build need
            // not read a touched file again.
            return Ok(Some(CachedBody {
                stamp: file.stamp,
                front: file.parsed.clone(),
                ..hit.clone()
            }));
        }
        render_body(&self.cx, file, body, lang, people).map(Some)
    }

    /// The cached body of `file`, while the file is the same, in the same
    /// language, its links lead where they did and its images are as they were.
    fn cached(&self, file: &SourceFile, lang: &Lang) -> Option<&CachedBody> {
        let site = self.cx.site;
        // The same size and mtime say the file is unchanged without hashing
        // its text (of an unread file, nothing else can); a file touched
        // but not changed is still a hit by its text.
        let same = |c: &CachedBody| {
            (c.stamp.is_some() && c.stamp == file.stamp)
                || (!file.unread && c.text == text_hash(&file.text))
        };
        let links_alike = |c: &CachedBody| {
            c.rendered.links.iter().all(|(link, resolved)| {
                resolve_link(site, link, lang)
                    .map(|p| url::absolute(&site.config, &p))
                    .as_ref()
                    == Ok(resolved)
            })
        };
        let images_alike = |c: &CachedBody| {
            c.rendered
                .images
                .iter()
                .all(|(src, key)| match self.cx.images.get(src) {
                    Some(facts) => Some(facts.hash) == *key,
                    // Published as it is (SVG, `static/`): its size read again.
                    None => crate::images::size_key(src) == *key,
                })
        };
        self.cache?.get(&file.shown).filter(|c| {
            same(c) && &c.lang == lang && (self.links_stable || links_alike(c)) && images_alike(c)
        })
    }
}

/// The bodies rendered or reused so far, for the cache, and the errors of
/// those that failed.
#[derive(Default)]
struct Gathered {
    cache: BodyCache,
    diags: Diagnostics,
    /// What a failed body is rendered as.
    empty: Arc<Rendered>,
}

impl Gathered {
    /// The bodies of `results`, in order: a failed one empty, one not
    /// rendered `none` (else empty).
    fn take(
        &mut self,
        results: Vec<Result<Option<CachedBody>, Diagnostics>>,
        none: Option<&Arc<Rendered>>,
    ) -> Vec<Arc<Rendered>> {
        let none = none.unwrap_or(&self.empty).clone();
        results
            .into_iter()
            .map(|r| match r {
                Ok(Some(c)) => {
                    let rendered = c.rendered.clone();
                    self.cache.insert(c.shown.clone(), c);
                    rendered
                }
                Ok(None) => none.clone(),
                Err(d) => {
                    self.diags.extend(d);
                    self.empty.clone()
                }
            })
            .collect()
    }
}
