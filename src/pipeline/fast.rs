//! The drafting loop's common case, done in milliseconds: report texts
//! changed and their front matter did not.
//!
//! Then the site model is the same but for those pages' text, no list shows
//! anything new as long as each page's summary and reading time are
//! unchanged, and the only outputs to redo are those pages themselves. Any
//! other case returns `None`, and the general update runs. The
//! incremental-equals-full tests cover both paths.

use std::collections::BTreeSet;
use std::sync::Arc;

use crate::content::source::{Source, SourceKind};
use crate::content::{self};
use crate::diag::Diagnostics;
use crate::markdown::{self, Rendered};
use crate::pipeline::change::Change;
use crate::pipeline::{Build, CachedBody, Update, deps, rel_in_content, text_hash};
use crate::render::{self, Job, JobKind, RenderContext, templates};
use crate::site::{PageId, url};

/// One edited file: its place under content/, its new source, and (for a
/// published page) its id and new body.
type Edit = (String, Source, Option<(PageId, Rendered)>);

/// Applies body-only edits of pages; `None` when the edit is anything else.
pub(super) fn bodies_only(
    build: &mut Build,
    changes: &[Change],
) -> Result<Option<Update>, Diagnostics> {
    let config = build.config.clone();
    let mut edits: Vec<Edit> = Vec::new();
    for change in changes {
        let Change::Content(path) = change else {
            return Ok(None);
        };
        let rel = rel_in_content(&config, path);
        let Some(old) = build.inputs.sources.get(rel.as_str()) else {
            return Ok(None);
        };
        if !path.is_file() {
            return Ok(None);
        }
        let new = content::load_one(&config, path, &rel, &build.inputs.discovered)?;
        let (SourceKind::Page(was), SourceKind::Page(is)) = (&old.kind, &new.kind) else {
            return Ok(None);
        };
        if was != is || old.path != new.path || old.assets != new.assets {
            return Ok(None);
        }
        edits.push((rel, new, None));
    }
    if edits.is_empty() {
        return Ok(None);
    }
    // Render the new texts against the current model: same URLs, same links.
    let site = build.site.clone();
    let cx = markdown::Context {
        site: &site,
        highlighter: &build.highlighter,
        images: &build.images,
    };
    for (_, source, rendered) in &mut edits {
        // A draft left out of the build has no page: only its input changes.
        let Some(id) = site.page_by_key(&source.path.translation_key(), &source.path.lang) else {
            continue;
        };
        // A stamped translation may become outdated (or current) by its
        // original's body: that is a model change.
        let page = site.page(id);
        if page
            .translations
            .iter()
            .any(|t| site.page(*t).front.translated_from.is_some())
        {
            return Ok(None);
        }
        let body = markdown::render(
            &cx,
            &source.file,
            source.body.clone(),
            &source.path.lang,
            &page.people,
        )?;
        if body.list_fingerprint != build.bodies.pages[id.0 as usize].list_fingerprint {
            return Ok(None);
        }
        *rendered = Some((id, body));
    }
    // The page views read the new bodies; the model itself is unchanged so
    // far, so a failed render can put the old bodies back and leave no trace.
    let mut jobs = Vec::new();
    let mut previous = Vec::new();
    for (_, _, rendered) in &edits {
        if let Some((id, body)) = rendered {
            let slot = &mut build.bodies.pages[id.0 as usize];
            previous.push((*id, std::mem::replace(slot, Arc::new(body.clone()))));
            jobs.push(Job {
                out: url::output_file(&site.page(*id).path),
                kind: JobKind::Page(*id),
            });
        }
    }
    let rendered = templates::compile(&build.inputs.templates, &site, &build.inputs.catalog)
        .and_then(|tera| {
            let cx = RenderContext {
                site: &site,
                bodies: &build.bodies,
                tera: &tera,
                sources: &build.inputs.templates,
                catalog: &build.inputs.catalog,
                items: render::items::ListItems::new(&site, None, None),
            };
            render::run(&jobs, &cx)
        });
    let files = match rendered {
        Ok(files) => files,
        Err(diags) => {
            for (id, body) in previous {
                build.bodies.pages[id.0 as usize] = body;
            }
            return Err(diags);
        }
    };
    for job in &jobs {
        let fingerprint = deps::page_fingerprint(&site, &build.bodies, job, build.global);
        build.fingerprints.insert(job.out.clone(), fingerprint);
    }
    let rendered = files.len();
    let files = files.into_iter().map(|(p, b)| (p, b.into())).collect();
    let changes = build.outputs.replace(files, &[], None, &BTreeSet::new());
    drop(site);
    for (rel, source, rendered) in edits {
        if let Some((id, _)) = rendered {
            // Nothing else holds the model between updates: change it in place.
            if let Some(site) = Arc::get_mut(&mut build.site) {
                let page = &mut site.pages[id.0 as usize];
                page.file = source.file.clone();
                page.body = source.body.clone();
            } else {
                let mut site = (*build.site).clone();
                let page = &mut site.pages[id.0 as usize];
                page.file = source.file.clone();
                page.body = source.body.clone();
                build.site = Arc::new(site);
            }
            build.cache.insert(
                source.file.shown.clone(),
                CachedBody {
                    shown: source.file.shown.clone(),
                    text: text_hash(&source.file.text),
                    stamp: source.file.stamp,
                    front: source.file.parsed.clone(),
                    lang: source.path.lang.clone(),
                    rendered: build.bodies.pages[id.0 as usize].clone(),
                },
            );
        }
        build
            .inputs
            .sources
            .insert(Arc::from(rel), Arc::new(source));
    }
    Ok(Some(Update::new(changes, rendered)))
}
