//! `debrief stamp PATH…` and `debrief stamp --all-current`: record in each
//! translation the version of its original it matches, by editing its one
//! `translated_from` line.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::cli::StampArgs;
use crate::config::{self, Overrides};
use crate::content::{self, Reading};
use crate::error::Error;
use crate::site::page::Page;
use crate::site::translations::text_of;
use crate::site::{self, Site};
use crate::translation::{edit, history};

use super::Report;

/// Stamps the named translations, or every current unstamped one.
pub(crate) fn run(args: &StampArgs, report: &Report) -> Result<(), Error> {
    let site = model(&args.root)?;
    let chosen: Vec<&Page> = if args.all_current {
        site.pages
            .iter()
            .filter(|p| p.original.is_some() && p.front.translated_from.is_none() && !p.outdated)
            .collect()
    } else {
        args.paths
            .iter()
            .map(|path| translation(&site, &args.root, path))
            .collect::<Result<_, _>>()?
    };
    for page in &chosen {
        stamp(&site, &args.root, page, report)?;
    }
    if chosen.is_empty() {
        report.say("No translation to stamp: every one has a stamp or is outdated by date\n");
    }
    Ok(())
}

/// The site model with drafts and future pages: they have translations too.
fn model(root: &Path) -> Result<Site, Error> {
    let overrides = Overrides {
        base_url: None,
        drafts: true,
        future: true,
    };
    let config = Arc::new(config::load(root, &overrides)?);
    let (_, sources, diags) = content::load(&config, content::Known::default, Reading::FrontMatter);
    if diags.has_errors() {
        return Err(diags.into());
    }
    let sources = sources.into_iter().map(|(_, s)| Arc::new(s)).collect();
    Ok(site::assemble(config, sources, None)?)
}

/// The translation at `path` (relative to the site root, or as given).
fn translation<'s>(site: &'s Site, root: &Path, path: &Path) -> Result<&'s Page, Error> {
    let shown = path.strip_prefix(root).unwrap_or(path);
    let shown = shown.strip_prefix("./").unwrap_or(shown);
    let page =
        site.pages
            .iter()
            .find(|p| p.file.shown == shown)
            .ok_or_else(|| {
                let shown = shown.to_string_lossy();
                let files: Vec<String> = site
                    .pages
                    .iter()
                    .map(|p| p.file.shown.to_string_lossy().into_owned())
                    .collect();
                let hint = match crate::nearest::nearest(&shown, files.iter().map(String::as_str)) {
                    Some(near) => format!("did you mean {near}?"),
                    None => "give its path from the site root, like content/reports/NAME.en.md"
                        .to_owned(),
                };
                Error::Usage(format!(
                    "{}: not a page of this site; {hint}",
                    path.display()
                ))
            })?;
    if page.original.is_none() {
        let what = if page.key.lang == site.config.default_language {
            format!(
                "is in the default language ({}): stamp its translations",
                page.key.lang
            )
        } else {
            format!(
                "has no {} original to stamp it with",
                site.config.default_language
            )
        };
        return Err(Error::Usage(format!("{} {what}", path.display())));
    }
    Ok(page)
}

/// Writes the original's current stamp into `page`'s file, and keeps the
/// original's text in the build cache for `check --translations`.
fn stamp(site: &Site, root: &Path, page: &Page, report: &Report) -> Result<(), Error> {
    let original = site.page(page.original.expect("only translations are stamped"));
    let text = text_of(original)
        .ok_or_else(|| Error::Usage(format!("cannot read {}", original.file.shown.display())))?;
    let stamp = text.stamp();
    let path: PathBuf = page.file.path.clone();
    let before = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
    let after = edit::set_stamp(&before, &stamp)
        .map_err(|message| Error::Usage(format!("{}: {message}", page.file.shown.display())))?;
    if after != before {
        let tmp = path.with_extension("md.debrief-stamp");
        std::fs::write(&tmp, &after).map_err(|e| Error::io(&tmp, e))?;
        std::fs::rename(&tmp, &path).map_err(|e| Error::io(&path, e))?;
    }
    // Without the cache entry a site outside git cannot show what changed.
    if let Err(e) = history::keep(root, &text) {
        report.warn(&format!(
            "warning: could not keep the original's text in .debrief-cache/: {e}\n"
        ));
    }
    let was = match edit::current_stamp(&before) {
        Some(old) if old == stamp => " (unchanged)".to_owned(),
        Some(old) => format!(" (was {old})"),
        None => String::new(),
    };
    report.say(&format!(
        "Stamped {}: translated_from = \"{stamp}\"{was}, from {}\n",
        page.file.shown.display(),
        original.file.shown.display()
    ));
    Ok(())
}
