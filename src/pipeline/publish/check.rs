//! `debrief check`: every stage of a build, the rendered files kept only
//! as their paths and ids, for the check of links and published files.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use super::{Published, output_count};
use crate::config::Overrides;
use crate::content::Reading;
use crate::error::Error;
use crate::i18n;
use crate::images::ImageFacts;
use crate::pipeline::derive::{BodyMode, derive, plan_dirty, prepare};
use crate::pipeline::inputs::read_inputs;
use crate::pipeline::references;
use crate::pipeline::statics::{HIGHLIGHT_CSS, builtin_static, highlight_css};
use crate::render::{self, JobKind};
use crate::search;
use crate::site::FastMap;

/// Renders everything a build would, writing nothing and keeping no
/// output in memory: what `debrief check` runs.
pub fn check(root: &Path, overrides: &Overrides) -> Result<Published, Error> {
    let (mut inputs, highlighter, mut warnings) = read_inputs(
        root,
        overrides,
        |_, _, _| crate::content::Known::default(),
        Reading::FrontMatter,
    )?;
    inputs.config = Arc::new(crate::config::Config {
        check_links: true,
        ..(*inputs.config).clone()
    });
    // `check` writes nothing: it reads each image's facts, makes no copies.
    inputs.images = Arc::new(crate::images::Store::open(root, false));
    let mut prepared = prepare(&inputs, &highlighter, None, BodyMode::Lean)?;
    plan_dirty(&mut prepared, None);
    // Each output's path, and the ids an HTML one holds, for the links'
    // check; with search on, how long a page's `<main>` is, for the index.
    let searched = inputs.config.search.enabled;
    let derived = derive(&inputs, &highlighter, prepared, None, |job, output| {
        let bytes = output.bytes()?;
        let long = (searched && matches!(job.kind, JobKind::Page(_)))
            .then(|| search::main_len(&bytes))
            .flatten();
        Ok((job.out.clone(), ids(job, &bytes), long))
    })?;
    let css = highlight_css(&inputs.config)?.map(|_| HIGHLIGHT_CSS);
    let theme = builtin_static(&inputs.config);
    let generated = || {
        css.into_iter()
            .chain(theme.iter().map(|(rel, _)| rel.as_str()))
    };
    warnings.extend(derived.warnings);
    let long: FastMap<&str, usize> = (derived.files.iter())
        .filter_map(|(f, _, long)| Some((f.as_str(), (*long)?)))
        .collect();
    for cut in search::cuts(&derived.site, |out| long.get(out).copied()) {
        warnings.push(cut.warning());
    }
    let rendered = || derived.files.iter().map(|(f, _, _)| f.as_str());
    let outputs = references::Published {
        files: rendered()
            .chain(generated())
            .chain(derived.copies.keys().map(String::as_str))
            .collect(),
        ids: derived
            .files
            .iter()
            .map(|(f, ids, _)| (f.as_str(), ids.as_slice()))
            .collect(),
        private: published_as_they_are(&inputs.config.root, &derived.copies, &derived.images),
    };
    warnings.extend(references::check(&derived.site, &derived.bodies, &outputs));
    Ok(Published {
        files: output_count(
            rendered().chain(generated()),
            derived.copies.keys().map(String::as_str),
        ),
        rendered: derived.files.len(),
        coverage: i18n::coverage::report(&derived.site, &inputs.catalog),
        site: derived.site,
        warnings,
        cached: false,
    })
}

/// The ids in the output `job` rendered as `bytes`, when it is HTML.
fn ids(job: &render::Job, bytes: &[u8]) -> Vec<String> {
    if !job.out.ends_with(".html") {
        return Vec::new();
    }
    let html = String::from_utf8_lossy(bytes);
    crate::markdown::html_urls::ids(&html)
        .into_iter()
        .map(str::to_owned)
        .collect()
}

/// The copied images that debrief does not strip (`static/`, formats it
/// does not process) and whose metadata tells of their owner, by output path.
fn published_as_they_are<'a>(
    root: &Path,
    copies: &'a BTreeMap<String, PathBuf>,
    stripped: &ImageFacts,
) -> FastMap<&'a str, Vec<String>> {
    const CARRY_EXIF: [&str; 9] = [
        "jpg", "jpeg", "png", "webp", "tif", "tiff", "heic", "heif", "avif",
    ];
    copies
        .par_iter()
        .filter(|(out, _)| {
            let ext = out.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
            ext.is_some_and(|e| CARRY_EXIF.contains(&e.as_str()))
        })
        .filter(|(_, src)| !stripped.contains_key(Path::new(&crate::rel_path::rel_path(root, src))))
        .filter_map(|(out, src)| {
            let found = crate::images::private_in_file(src);
            (!found.is_empty()).then_some((out.as_str(), found))
        })
        .collect()
}
