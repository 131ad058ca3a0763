//! The photos of page bundles in the build: each JPEG and PNG a bundle
//! holds is looked at (its size, its orientation) and, for `build` and
//! `serve`, published as its cached copies: the original without its
//! metadata, and one file per configured width below its own, next to it.
//! These copies are outputs like any asset, so the path check, the
//! atomic write and the build cache all see them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::Config;
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::images::{self, Facts, ImageFacts, Made, Store};
use crate::rel_path::rel_path;
use crate::site::{Site, url};

/// One bundle image: its name in the bundle, and the output folders of
/// the pages it is published beside (one per language).
struct Shown<'a> {
    rel: &'a str,
    dirs: Vec<String>,
}

/// An image's facts and, when made, its files; or why it cannot be read.
type Processed = Result<(Arc<Facts>, Option<Made>), String>;

/// Looks at (and, when `store` produces, makes) every bundle image of
/// `site`, and points `copies` at the processed files. Returns each
/// image's facts and the warnings about images that cannot be read.
pub(super) fn add_images(
    config: &Config,
    site: &Site,
    store: &Store,
    copies: &mut BTreeMap<String, PathBuf>,
) -> Result<(ImageFacts, Diagnostics), Diagnostics> {
    let mut by_src: BTreeMap<&Path, Shown<'_>> = BTreeMap::new();
    for page in &site.pages {
        let mut photos = page.assets.iter().filter(|a| images::is_processed(&a.rel));
        let Some(first) = photos.next() else {
            continue;
        };
        let out = url::output_file(&page.path);
        let dir = out.trim_end_matches("index.html");
        for asset in std::iter::once(first).chain(photos) {
            let shown = by_src.entry(&asset.src).or_insert_with(|| Shown {
                rel: &asset.rel,
                dirs: Vec::new(),
            });
            if !shown.dirs.iter().any(|d| d == dir) {
                shown.dirs.push(dir.to_owned());
            }
        }
    }
    let done: Vec<(&Path, Processed)> = by_src
        .par_iter()
        .map(|(src, _)| (*src, process(config, store, src)))
        .collect();
    let mut facts = ImageFacts::default();
    let mut warnings = Diagnostics::new();
    let mut errors = Diagnostics::new();
    for (src, result) in done {
        let shown_src = PathBuf::from(rel_path(&config.root, src));
        let (f, made) = match result {
            Ok(ok) => ok,
            Err(message) => {
                warnings.push(
                    Diagnostic::warning(
                        format!("this image {message}; it is published as it is"),
                        Some(Location::file(&shown_src)),
                    )
                    .with_note("no width, height or narrower copies are made for it"),
                );
                continue;
            }
        };
        facts.insert(shown_src.clone(), f);
        if let Some(made) = made {
            let shown = &by_src[src];
            publish(shown, &made, copies, &shown_src, &mut errors);
        }
    }
    let sources: Vec<&Path> = by_src.keys().copied().collect();
    if let Err(message) = store.keep_only(&sources).and_then(|_| store.save()) {
        warnings.push(Diagnostic::warning(message, None));
    }
    if errors.has_errors() {
        return Err(errors);
    }
    Ok((facts, warnings))
}

/// One image's facts and, when the store makes them, its files.
fn process(config: &Config, store: &Store, src: &Path) -> Processed {
    let facts = store.facts(src)?;
    let made = match store.produces() {
        true => Some(store.make(src, &facts, &config.images)?),
        false => None,
    };
    Ok((facts, made))
}

/// Points the image's output paths at its processed files; a bundle file
/// that has the name of one of its copies is an error.
fn publish(
    shown: &Shown<'_>,
    made: &Made,
    copies: &mut BTreeMap<String, PathBuf>,
    shown_src: &Path,
    errors: &mut Diagnostics,
) {
    for dir in &shown.dirs {
        copies.insert(format!("{dir}{}", shown.rel), made.original.clone());
        for (w, file) in &made.variants {
            let name = images::variant_name(shown.rel, *w);
            let out = format!("{dir}{name}");
            if copies.insert(out, file.clone()).is_some() {
                let bundle = shown_src.parent().unwrap_or(Path::new(""));
                errors.push(
                    Diagnostic::error(
                        format!(
                            "`{name}` is the name debrief gives the {w} pixel wide copy of `{}`, and this bundle has a file by that name",
                            shown.rel
                        ),
                        Some(Location::file(bundle.join(&name))),
                    )
                    .with_note("rename that file (or the photo), so that neither replaces the other"),
                );
            }
        }
    }
}
