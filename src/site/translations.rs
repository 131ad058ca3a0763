//! Translations: which pages are versions of each other, which are behind
//! their original, and how `@/` links find the version in the reader's language.

use crate::config::{Config, Lang};
use crate::content::content_path::{ContentPath, PathKind};
use crate::content::front_matter;
use std::sync::Arc;

use crate::site::page::Page;
use crate::site::prior::Prior;
use crate::site::{PageId, Site, TkeyIndex};
use crate::translation::history;
use crate::translation::stamp::Text;

/// Links each page to its other language versions and to its original, and
/// flags translations behind their original: a stamped one when the
/// original's text is no longer the stamped version, an unstamped one when
/// the original's `updated` or `date` is later than its own.
///
/// With a `prior` model, a translation key none of whose pages was made anew
/// takes its links from there: they are made of these pages alone.
pub(crate) fn link(
    config: &Config,
    pages: &mut [Page],
    by_tkey: &TkeyIndex,
    prior: Option<Prior<'_>>,
) {
    if let Some(prior) = prior {
        let mut remade: Vec<Arc<str>> = (prior.remade().iter())
            .map(|id| pages[id.0 as usize].key.tkey.clone())
            .collect();
        remade.sort();
        remade.dedup();
        for (page, before) in pages.iter_mut().zip(&prior.site.pages) {
            page.translations = before.translations.clone();
            page.original = before.original;
            page.outdated = before.outdated;
            page.outdated_since = before.outdated_since;
        }
        for tkey in &remade {
            link_versions(config, pages, &by_tkey[tkey]);
        }
        return;
    }
    for ids in by_tkey.values() {
        link_versions(config, pages, ids);
    }
}

/// Links the language versions `ids` of one page to each other.
fn link_versions(config: &Config, pages: &mut [Page], ids: &[PageId]) {
    let original = ids
        .iter()
        .copied()
        .find(|id| pages[id.0 as usize].key.lang == config.default_language);
    let stamped = ids
        .iter()
        .any(|id| pages[id.0 as usize].front.translated_from.is_some());
    let current = original
        .filter(|_| stamped)
        .and_then(|id| text_of(&pages[id.0 as usize]))
        .map(|text| text.stamp());
    let original_changed = original.and_then(|id| pages[id.0 as usize].last_changed());
    let original_file = original.map(|id| pages[id.0 as usize].file.path.clone());
    for &id in ids {
        let page = &mut pages[id.0 as usize];
        page.translations = ids.iter().copied().filter(|&other| other != id).collect();
        if page.key.lang == config.default_language {
            continue;
        }
        page.original = original;
        let (outdated, since) = match (&page.front.translated_from, &current) {
            (Some(stamp), Some(current)) if stamp != current => {
                let file = original_file.as_deref().unwrap_or(page.file.path.as_path());
                (true, history::find(&config.root, file, stamp).since)
            }
            (Some(_), _) => (false, None),
            (None, _) => match (original_changed, page.last_changed()) {
                (Some(orig), Some(own)) if orig > own => (true, Some(orig)),
                _ => (false, None),
            },
        };
        page.outdated = outdated;
        page.outdated_since = since;
    }
}

/// A page's text as stamps see it (its file is read when it is unread).
pub fn text_of(page: &Page) -> Option<Text> {
    let file = page.file.whole().ok()?;
    let split = front_matter::split(&file.text).ok()?;
    Some(Text::new(
        page.front.title.as_deref().unwrap_or_default(),
        page.front.description.as_deref(),
        &file.text[split.body],
    ))
}

/// Where an internal link points, as a site path plus `#fragment`.
pub fn resolve_link(site: &Site, link: &str, lang: &Lang) -> Result<String, String> {
    let target = link.strip_prefix("@/").unwrap_or(link);
    let (target, fragment) = match target.split_once('#') {
        Some((t, f)) => (t, format!("#{f}")),
        None => (target, String::new()),
    };
    let path = ContentPath::parse(target, &site.config)
        .map_err(|e| format!("cannot link to `{link}`: {e}"))?;
    let want = if path.explicit_lang { &path.lang } else { lang };
    match path.kind {
        PathKind::Section => site
            .section_by_dir(&path.dir, want)
            .map(|id| format!("{}{fragment}", site.section(id).path))
            .ok_or_else(|| format!("`{link}` links to a section that does not exist")),
        PathKind::Page => {
            let tkey = path.translation_key();
            let versions = site.versions(&tkey);
            let chosen = versions
                .iter()
                .find(|id| &site.page(**id).key.lang == want)
                .or_else(|| versions.first());
            match chosen {
                Some(id) => Ok(format!("{}{fragment}", site.page(*id).path)),
                None if site.unpublished.contains(tkey.as_str()) => Err(format!(
                    "`{link}` links to a page that is not published (a draft, or dated in the future); build with --drafts to include it"
                )),
                None => Err(match dated_namesake(site, &path) {
                    Some(name) => format!(
                        "`{link}` links to a page that does not exist; did you mean `@/{name}.md`? (a date prefix is part of a file's name)"
                    ),
                    None => format!("`{link}` links to a page that does not exist"),
                }),
            }
        }
    }
}

/// The translation key of the one page in the link's folder whose name is
/// the link's with a date prefix: `reports/leweb` → `reports/2008-12-16-leweb`.
fn dated_namesake(site: &Site, path: &ContentPath) -> Option<String> {
    let mut found = site.pages.iter().filter(|p| {
        *p.dir == *path.dir
            && p.key
                .tkey
                .rsplit('/')
                .next()
                .and_then(crate::content::date::split_date_prefix)
                .is_some_and(|(_, rest)| rest == path.stem)
    });
    let first = found.next()?;
    found
        .all(|p| p.key.tkey == first.key.tkey)
        .then(|| first.key.tkey.to_string())
}
