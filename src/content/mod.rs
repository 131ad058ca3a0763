//! Stage 2: discover and parse content files, each on its own (in parallel).
//!
//! 1. walk `content/` and sort what is there into Markdown files and bundle assets;
//! 2. read and parse each Markdown file in parallel: path facts, front matter;
//! 3. return every source that parsed and every problem found.
//!
//! Nothing here knows about other files: that is the site model's job.

pub mod content_path;
pub mod date;
mod discovery;
pub mod front_matter;
pub mod source;
pub mod source_file;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::Config;
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::stamp::Stamp;

use content_path::{ContentPath, PathKind};
use front_matter::{PageFront, SectionFront, TermFront};
use source::{Asset, Source, SourceKind};
use source_file::SourceFile;

// At its old path still, for the callers in render/.
pub use crate::rel_path::rel_path;
pub use discovery::{Discovered, discover, symlink_warning};

/// Content files (as shown in messages) → their stamp when the build cache
/// last saw them, and their front matter as parsed then ([`SourceKind`] in
/// JSON).
pub type Known = HashMap<PathBuf, (Stamp, Arc<str>), ahash::RandomState>;

/// Discovers and parses every content file, in parallel, each with its
/// `/`-separated path relative to `content/`. A file whose stamp is still
/// the one in `known` is not read: its front matter is taken as parsed
/// then. `known` is made while `content/` is walked.
pub fn load(
    config: &Config,
    known: impl FnOnce() -> Known + Send,
    reading: Reading,
) -> (Discovered, Vec<(String, Source)>, Diagnostics) {
    let (found, known) = rayon::join(|| discover(config), known);
    let found = match found {
        Ok(found) => found,
        Err(diags) => return (Discovered::default(), Vec::new(), diags),
    };
    let results: Vec<Result<(String, Source), Diagnostics>> = found
        .markdown
        .par_iter()
        .map(|(path, rel)| {
            let source = |s| (rel.clone(), s);
            let shown = Path::new("content").join(rel);
            let reading = match known.get(&shown) {
                Some((stamp, parsed)) => {
                    if let Some(unread) = unread(config, path, &shown, rel, &found, *stamp, parsed)
                    {
                        return Ok(source(unread));
                    }
                    // Changed, or only touched: whole, so that the cached
                    // body is still a hit by its text.
                    Reading::Whole
                }
                None => reading,
            };
            read_and_parse(config, path, shown, rel, &found, reading).map(source)
        })
        .collect();
    let mut sources = Vec::with_capacity(results.len());
    let mut diags: Diagnostics = found
        .links
        .iter()
        .map(|rel| symlink_warning(Path::new("content").join(rel)))
        .collect();
    for r in results {
        match r {
            Ok(s) => sources.push(s),
            Err(d) => diags.extend(d),
        }
    }
    (found, sources, diags)
}

/// The file at `path` as the build cache knows it, without reading it: if
/// it is still the `stamp` and its front matter as `parsed` is whole.
fn unread(
    config: &Config,
    path: &Path,
    shown: &Path,
    rel: &str,
    found: &Discovered,
    stamp: Stamp,
    parsed: &Arc<str>,
) -> Option<Source> {
    if Stamp::read(path) != Some(stamp) {
        return None;
    }
    let kind: SourceKind = serde_json::from_str(parsed).ok()?;
    let path_facts = ContentPath::parse(rel, config).ok()?;
    let file = SourceFile::unread(
        path.to_path_buf(),
        shown.to_path_buf(),
        stamp,
        parsed.clone(),
    );
    Some(Source {
        assets: assets_of(&path_facts, found),
        file: Arc::new(file),
        path: path_facts,
        body: 0..0,
        kind,
    })
}

/// How much of each content file [`load`] reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    /// The whole text, kept.
    Whole,
    /// Up to the end of the front matter: the body is read when its page
    /// is rendered.
    FrontMatter,
}

/// Reads and parses one Markdown file.
pub fn load_one(
    config: &Config,
    path: &Path,
    rel: &str,
    found: &Discovered,
) -> Result<Source, Diagnostics> {
    let shown = Path::new("content").join(rel);
    read_and_parse(config, path, shown, rel, found, Reading::Whole)
}

fn read_and_parse(
    config: &Config,
    path: &Path,
    shown: PathBuf,
    rel: &str,
    found: &Discovered,
    reading: Reading,
) -> Result<Source, Diagnostics> {
    let file = SourceFile::read(path.to_path_buf(), shown.clone(), reading)?;
    parse_one(config, file, rel, found)
}

/// The assets of the bundle a page is in.
fn assets_of(path: &ContentPath, found: &Discovered) -> Arc<Vec<Asset>> {
    path.bundle
        .as_ref()
        .and_then(|b| found.assets.get(b).cloned())
        .unwrap_or_default()
}

/// Parses one file's text; `rel` is its path relative to `content/`.
pub fn parse_one(
    config: &Config,
    file: SourceFile,
    rel: &str,
    found: &Discovered,
) -> Result<Source, Diagnostics> {
    let path = ContentPath::parse(rel, config)
        .map_err(|message| Diagnostic::in_file(message, &file.shown))?;
    let split = front_matter::split(&file.text)
        .map_err(|(message, at)| Diagnostic::error(message, Some(file.location(at))))?;
    let taxonomy = config
        .taxonomies
        .iter()
        .find(|t| path.dir == t.name && path.kind == PathKind::Page)
        .map(|t| t.name.clone());
    let kind = match (path.kind, taxonomy) {
        (PathKind::Section, _) => SourceKind::Section(front_matter::parse::<SectionFront>(
            &file, &split, config, &path.lang,
        )?),
        (PathKind::Page, Some(taxonomy)) => {
            let front: TermFront = front_matter::parse(&file, &split, config, &path.lang)?;
            require_title(&file, front.title.as_deref())?;
            SourceKind::Term { taxonomy, front }
        }
        (PathKind::Page, None) => {
            let front: PageFront = front_matter::parse(&file, &split, config, &path.lang)?;
            require_title(&file, front.title.as_deref())?;
            check_taxonomies(config, &file, &front)?;
            SourceKind::Page(Arc::new(front))
        }
    };
    // What the build cache keeps, so that the next build need not parse it.
    let mut file = file;
    file.parsed = serde_json::to_string(&kind).map_or_else(|_| Arc::from(""), Arc::from);
    Ok(Source {
        assets: assets_of(&path, found),
        file: Arc::new(file),
        path,
        body: split.body,
        kind,
    })
}

fn require_title(file: &SourceFile, title: Option<&str>) -> Result<(), Diagnostic> {
    match title {
        Some(t) if !t.trim().is_empty() => Ok(()),
        _ => Err(Diagnostic::error(
            "the front matter has no `title`; every page needs one",
            Some(Location::in_text(&file.shown, &file.text, 1, 1)),
        )),
    }
}

fn check_taxonomies(
    config: &Config,
    file: &SourceFile,
    front: &PageFront,
) -> Result<(), Diagnostics> {
    let mut diags = Diagnostics::new();
    for name in front.taxonomies.keys() {
        if !config.taxonomies.iter().any(|t| &t.name == name) {
            let known: Vec<&str> = config.taxonomies.iter().map(|t| t.name.as_str()).collect();
            let at = file.text.find(name.as_str()).unwrap_or(0);
            diags.push(
                Diagnostic::error(
                    format!("unknown taxonomy `{name}`"),
                    Some(file.location(at)),
                )
                .with_note(if known.is_empty() {
                    "site.toml defines no [[taxonomies]]".to_owned()
                } else {
                    format!("site.toml defines: {}", known.join(", "))
                }),
            );
        }
    }
    diags.into_result().map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::source::SourceKind;
    use super::{Discovered, load_one, unread};
    use crate::config::{Overrides, load_str};

    /// Every field a page's front matter can have, in TOML and in YAML.
    #[test]
    fn front_matter_as_the_cache_keeps_it_reads_back_the_same() {
        let config = load_str(
            "base_url = \"https://example.org\"\ndefault_language = \"de\"\n\
             [languages.de]\ntitle = \"K\"\n[[taxonomies]]\nname = \"lessons\"\n",
            &Overrides::default(),
        )
        .unwrap();
        let toml = "+++\ntitle = \"Zeit\"\ndate = 2009-01-31T23:30:00-05:00\n\
                    updated = 2009-02-01T08:15:30.5+01:00\ndescription = \"D\"\ndraft = false\n\
                    slug = \"zeit-zone\"\naliases = [\"/alt/\"]\nweight = -3\n\
                    [event]\nname = \"LeWeb\"\ncity = \"Paris\"\ndate = 2008-12-10\n\
                    [[people]]\nname = \"Richard Binhammer\"\nrole = \"Public affairs\"\norg = \"Dell\"\n\
                    [taxonomies]\nlessons = [\"Zuhören\"]\n\
                    [extra]\nrating = 4.5\nprecise = 0.12345678901234567\nhuge = 1.7976931348623157e308\nnested = { list = [1, \"zwei\"], flag = true }\n+++\nText.\n";
        let yaml =
            "---\ntitle: Zeit\ndate: 2009-01-31T23:30:00-05:00\nextra:\n  a: [1, b]\n---\nText.\n";
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in [("toml.md", toml), ("yaml.md", yaml)] {
            let path = dir.path().join(name);
            std::fs::write(&path, text).unwrap();
            let found = Discovered::default();
            let parsed = load_one(&config, &path, name, &found).unwrap();
            let again = unread(
                &config,
                &path,
                &std::path::Path::new("content").join(name),
                name,
                &found,
                parsed.file.stamp.unwrap(),
                &parsed.file.parsed,
            )
            .expect("taken from the cache");
            assert!(again.file.unread && again.file.text.is_empty());
            match (&parsed.kind, &again.kind) {
                (SourceKind::Page(a), SourceKind::Page(b)) => assert_eq!(a, b, "{name}"),
                other => panic!("{name}: {other:?}"),
            }
            assert_eq!(parsed.path, again.path);
            let date = |s: &super::Source| match &s.kind {
                SourceKind::Page(f) => f.date.map(|d| (d.ymd(), d.rfc3339())),
                _ => None,
            };
            assert_eq!(
                date(&again),
                Some(("2009-01-31".into(), "2009-02-01T04:30:00Z".into()))
            );
        }
    }
}
