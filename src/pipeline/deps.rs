//! What each output depends on, as a fingerprint computed from the model.
//!
//! A job's fingerprint hashes everything its template context is made of:
//! its own fields, the fields of every page it lists, its language
//! versions; each kind of output says what that is next to how it renders
//! (`render::kind`). Two builds whose fingerprints for an output agree
//! render the same bytes there, so an update re-renders only the jobs whose
//! fingerprint changed. Coarse inputs (templates, UI strings, the menu, the
//! set of URLs that `get_url` can reach) go into one global fingerprint,
//! made here and mixed into every job: changing them re-renders everything,
//! which is cheap because Markdown is cached. The incremental-equals-full
//! tests guard this list.

use std::hash::{Hash, Hasher};

use rayon::prelude::*;

use crate::render::Job;
use crate::render::bodies::Bodies;
use crate::render::kind::page::meta;
use crate::render::kind::{Prints, fingerprint, hasher};
use crate::site::{PageId, Site};

/// One fingerprint per job, in job order; `global` is mixed into each.
pub(crate) fn fingerprints(site: &Site, bodies: &Bodies, jobs: &[Job], global: u64) -> Vec<u64> {
    let metas: Vec<u64> = (0..site.pages.len() as u32)
        .into_par_iter()
        .map(|id| meta(site, bodies, PageId(id)))
        .collect();
    let prints = Prints {
        site,
        bodies,
        meta: &|id| metas[id.0 as usize],
    };
    jobs.par_iter()
        .map(|job| fingerprint(&prints, job, global))
        .collect()
}

/// The fingerprint of one page's own output.
pub(crate) fn page_fingerprint(site: &Site, bodies: &Bodies, job: &Job, global: u64) -> u64 {
    let prints = Prints {
        site,
        bodies,
        meta: &|id| meta(site, bodies, id),
    };
    fingerprint(&prints, job, global)
}

/// Every URL an `@/` link or `get_url` can reach: while it is unchanged,
/// every link resolves as before.
pub(crate) fn url_set(site: &Site) -> u64 {
    let mut h = hasher();
    for p in &site.pages {
        (&p.key, &p.path).hash(&mut h);
    }
    for s in &site.sections {
        (&s.dir, &s.lang, &s.path).hash(&mut h);
    }
    site.unpublished.hash(&mut h);
    h.finish()
}

/// The inputs every HTML output shares: the menu and the URL set, plus
/// whatever the caller mixes in (templates, UI strings).
pub(crate) fn global(site: &Site, url_set: u64, extra: u64) -> u64 {
    let mut h = hasher();
    (extra, url_set).hash(&mut h);
    for p in site.pages.iter().filter(|p| p.dir.is_empty()) {
        (&p.title, p.front.weight).hash(&mut h);
    }
    for s in &site.sections {
        (&s.title, s.front.weight, s.own_index, s.pages.is_empty()).hash(&mut h);
    }
    h.finish()
}
