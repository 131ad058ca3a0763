//! What a build reads from disk: configuration, UI strings, templates and
//! content; and, for an update, the content files that changed.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::clock::Clock;
use crate::config::{self, Config, Overrides};
use crate::content::source::Source;
use crate::content::{self, Discovered};
use crate::diag::Diagnostics;
use crate::i18n::{self, Catalog};
use crate::images::Store;
use crate::markdown::highlight::Highlighter;
use crate::render::templates;

/// Templates every theme must provide.
pub(super) const REQUIRED_TEMPLATES: [&str; 7] = [
    "page.html",
    "section.html",
    "index.html",
    "taxonomy_list.html",
    "taxonomy_term.html",
    "events.html",
    "event.html",
];

/// The inputs of a build, as read from disk.
#[derive(Clone)]
pub(super) struct Inputs {
    pub(super) config: Arc<Config>,
    pub(super) catalog: Arc<Catalog>,
    pub(super) templates: templates::TemplateSources,
    pub(super) discovered: Arc<Discovered>,
    /// By path relative to `content/` (keys shared, so an update copies
    /// the map cheaply).
    pub(super) sources: BTreeMap<Arc<str>, Arc<Source>>,
    /// Processed bundle images, kept across updates.
    pub(super) images: Arc<Store>,
}

/// Stages 1 and 2, with the template and UI-string files: everything read from disk.
///
/// `known` is asked, once the configuration, UI strings and templates are
/// read and while `content/` is walked, for the content files whose body the
/// build cache holds (their stamp and parsed front matter): those still
/// unchanged are not read. When it knows none, code highlighting is made
/// ready at once: every body is to be rendered.
pub(super) fn read_inputs(
    root: &Path,
    overrides: &Overrides,
    known: impl FnOnce(&Config, &Catalog, &templates::TemplateSources) -> content::Known + Send,
    reading: content::Reading,
) -> Result<(Inputs, Arc<Highlighter>, Diagnostics), Diagnostics> {
    let config = Arc::new(config::load(root, overrides)?);
    let highlighter = Arc::new(Highlighter::new());
    let catalog = i18n::load(&config);
    let template_sources = templates::load(&config);
    let mut clock = Clock::start();
    let (discovered, sources, mut diags) = content::load(
        &config,
        || {
            let known = match (&catalog, &template_sources) {
                (Ok(c), Ok(t)) => known(&config, c, t),
                _ => content::Known::default(),
            };
            if config.markdown.highlight_code && known.is_empty() {
                highlighter.warm_up();
            }
            known
        },
        reading,
    );
    clock.lap("content");
    let (catalog, template_sources) = match (catalog, template_sources) {
        (Ok(c), Ok(t)) if !diags.has_errors() => (c, t),
        (c, t) => {
            for d in [c.err(), t.err()].into_iter().flatten() {
                diags.extend(d);
            }
            return Err(diags);
        }
    };
    let inputs = Inputs {
        config: config.clone(),
        catalog: Arc::new(catalog),
        templates: template_sources,
        discovered: Arc::new(discovered),
        sources: sources
            .into_iter()
            .map(|(k, v)| (Arc::from(k), Arc::new(v)))
            .collect(),
        images: Arc::new(Store::open(&config.root, true)),
    };
    Ok((inputs, highlighter, diags))
}

/// Re-reads changed content files; walks `content/` again only when files
/// were added or removed.
pub(super) fn reload_content(inputs: &mut Inputs, touched: &[&PathBuf]) -> Result<(), Diagnostics> {
    let config = inputs.config.clone();
    let rel_of = |p: &Path| rel_in_content(&config, p);
    let edits_only = touched
        .iter()
        .all(|p| p.is_file() && inputs.sources.contains_key(rel_of(p).as_str()));
    let mut diags = Diagnostics::new();
    if edits_only {
        for p in touched {
            let rel = rel_of(p);
            match content::load_one(&config, p, &rel, &inputs.discovered) {
                Ok(s) => {
                    inputs.sources.insert(Arc::from(rel), Arc::new(s));
                }
                Err(d) => diags.extend(d),
            }
        }
        return diags.into_result().map(|_| ());
    }
    let discovered = content::discover(&config)?;
    let touched: BTreeSet<String> = touched.iter().map(|p| rel_of(p)).collect();
    let mut sources = BTreeMap::new();
    for (path, rel) in &discovered.markdown {
        let reuse = inputs
            .sources
            .get(rel.as_str())
            .filter(|_| !touched.contains(rel));
        match reuse {
            Some(old) => {
                let assets: Arc<Vec<_>> = old
                    .path
                    .bundle
                    .as_ref()
                    .and_then(|b| discovered.assets.get(b).cloned())
                    .unwrap_or_default();
                let s = if assets == old.assets {
                    old.clone()
                } else {
                    Arc::new(Source {
                        assets,
                        ..(**old).clone()
                    })
                };
                sources.insert(Arc::from(rel.as_str()), s);
            }
            None => match content::load_one(&config, path, rel, &discovered) {
                Ok(s) => {
                    sources.insert(Arc::from(rel.as_str()), Arc::new(s));
                }
                Err(d) => diags.extend(d),
            },
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    inputs.sources = sources;
    inputs.discovered = Arc::new(discovered);
    Ok(())
}

/// A path's `/`-separated place under `content/`.
pub(super) fn rel_in_content(config: &Config, path: &Path) -> String {
    content::rel_path(&config.content_dir(), path)
}
