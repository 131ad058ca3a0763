//! Everything a build publishes, checked once, before anything is rendered
//! or written, by `build`, `check` and `serve` alike:
//!
//! 1. every output path is one a file system takes: no part empty, `.` or
//!    `..`, none holding a NUL, none over 255 bytes;
//! 2. no two rendered outputs are the same file (a static file or bundle
//!    asset that a rendered output replaces is a warning: the page wins);
//! 3. no output is a file where another needs a folder.
//!
//! Each problem names the source file that made the path, at the line of
//! the alias, slug or name when its text is at hand: the checks are here,
//! the words for what made a path in `describe`, where to point in
//! `locate`, and the messages in `messages`.

mod describe;
mod locate;
mod messages;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diag::{Diagnostics, Location};
use crate::render::{Job, JobKind};
use crate::site::{FastMap, FastSet, PageId, Site, alias_path};

use describe::Describe;

/// The longest file name (one path part) that common file systems take, in bytes.
const NAME_MAX: usize = 255;

/// What makes an output file.
#[derive(Clone, Copy)]
enum By<'a> {
    /// A rendered job (other than an alias's redirect).
    Job(&'a Job),
    /// A page's alias, redirecting to it.
    Alias(PageId, &'a str),
    /// The generated highlighting stylesheet.
    Css,
    /// A static file of the built-in theme, at this path.
    Theme(&'a str),
    /// A file of the search index.
    Search,
    /// A static file or bundle asset, copied from this file.
    Copy(&'a Path),
}

struct Claim<'a> {
    out: &'a str,
    by: By<'a>,
}

/// Checks every output the build would publish: `jobs` (the rendered
/// files), `generated` (the stylesheet when made, and the built-in theme's
/// static files, marked `true`), `search` (the search index's files named
/// in advance: `search::claimed`) and `copies` (output path →
/// source file). Returns errors and warnings together.
pub(super) fn check(
    site: &Site,
    jobs: &[Job],
    generated: &[(&str, bool)],
    search: &[String],
    copies: &BTreeMap<String, PathBuf>,
) -> Diagnostics {
    let claims = claims(site, jobs, generated, search, copies);
    let describe = Describe { site };
    let mut diags = Diagnostics::new();
    let fine = fit_paths(&describe, claims, &mut diags);
    let owners = one_source_each(&describe, &fine, &mut diags);
    no_file_for_a_folder(&describe, &fine, &owners, &mut diags);
    diags
}

/// Every output and what makes it: the jobs (a redirect by the alias that
/// asks for it), the generated files, the search index's, then the copies.
fn claims<'a>(
    site: &'a Site,
    jobs: &'a [Job],
    generated: &[(&'a str, bool)],
    search: &'a [String],
    copies: &'a BTreeMap<String, PathBuf>,
) -> Vec<Claim<'a>> {
    let mut aliases: FastMap<String, Vec<(PageId, &str)>> = FastMap::default();
    for (i, page) in site.pages.iter().enumerate().rev() {
        let id = PageId(i as u32);
        for alias in page.front.aliases.iter().rev() {
            let out = crate::site::url::output_file(&alias_path(alias));
            aliases.entry(out).or_default().push((id, alias));
        }
    }
    let mut claims: Vec<Claim<'_>> = Vec::with_capacity(jobs.len() + copies.len() + 1);
    for job in jobs {
        let by = match job.kind {
            JobKind::Redirect { .. } => aliases
                .get_mut(&job.out)
                .and_then(Vec::pop)
                .map_or(By::Job(job), |(id, alias)| By::Alias(id, alias)),
            _ => By::Job(job),
        };
        claims.push(Claim { out: &job.out, by });
    }
    for (out, from_theme) in generated {
        let by = if *from_theme { By::Theme(out) } else { By::Css };
        claims.push(Claim { out, by });
    }
    for out in search {
        claims.push(Claim {
            out,
            by: By::Search,
        });
    }
    for (out, src) in copies {
        claims.push(Claim {
            out,
            by: By::Copy(src),
        });
    }
    claims
}

/// Check 1, paths a file system takes: one error for each bad part of a
/// source (a term's name makes its page, feed and other languages' pages).
/// Returns the claims whose path is fine.
fn fit_paths<'a>(
    describe: &Describe<'_>,
    claims: Vec<Claim<'a>>,
    diags: &mut Diagnostics,
) -> Vec<Claim<'a>> {
    let mut fine = Vec::with_capacity(claims.len());
    let mut told: FastSet<(Option<String>, &str)> = FastSet::default();
    for claim in claims {
        let Some((part, problem)) = unfit(claim.out) else {
            fine.push(claim);
            continue;
        };
        let at = describe.at(claim.by);
        if told.insert((at.as_ref().map(Location::to_string), part)) {
            diags.push(describe.unfit(&claim, &problem, at));
        }
    }
    fine
}

/// Check 2, one source per file. Returns each output path with the index of its
/// owner among `fine`: the first claim, or a rendered output over a copy.
fn one_source_each<'a>(
    describe: &Describe<'_>,
    fine: &[Claim<'a>],
    diags: &mut Diagnostics,
) -> FastMap<&'a str, usize> {
    let mut seen: FastMap<&str, usize> = FastMap::default();
    for (i, claim) in fine.iter().enumerate() {
        let Some(earlier) = seen.insert(claim.out, i) else {
            continue;
        };
        let other = &fine[earlier];
        if let By::Copy(src) = claim.by {
            // A rendered output wins over a copied file; keep it as the owner.
            seen.insert(claim.out, earlier);
            if !matches!(other.by, By::Copy(_)) {
                diags.push(describe.shadowed(other.by, claim.out, src));
            }
            continue;
        }
        diags.push(describe.collision(claim, other));
    }
    seen
}

/// Check 3, no file where a folder goes: each file is named once, with
/// the first output that needs it to be a folder.
fn no_file_for_a_folder(
    describe: &Describe<'_>,
    fine: &[Claim<'_>],
    owners: &FastMap<&str, usize>,
    diags: &mut Diagnostics,
) {
    let mut named: FastSet<&str> = FastSet::default();
    for claim in fine {
        for (i, _) in claim.out.match_indices('/') {
            let folder = &claim.out[..i];
            let Some(&owner) = owners.get(folder) else {
                continue;
            };
            if named.insert(folder) {
                diags.push(describe.file_in_the_way(&fine[owner], claim, folder));
            }
        }
    }
}

/// The part of `out` a file system would not take, and why.
fn unfit(out: &str) -> Option<(&str, String)> {
    for part in out.split('/') {
        if part.contains('\0') {
            let why = "which holds a NUL character, which no file system takes";
            return Some((part, why.to_owned()));
        }
        if part.is_empty() || part == "." || part == ".." {
            let why = format!(
                "which has an {} part: no file can be published there",
                match part {
                    "" => "empty (`//`)",
                    "." => "`.`",
                    _ => "`..`",
                }
            );
            return Some((part, why));
        }
        if part.len() > NAME_MAX {
            let why = format!(
                "whose part `{}` is {} bytes long; file systems take at most {NAME_MAX}",
                shorten(part),
                part.len()
            );
            return Some((part, why));
        }
    }
    None
}

/// A path as shown in a message: NULs escaped, long parts cut short.
fn shorten(text: &str) -> String {
    const KEEP: usize = 40;
    let mut shown = String::new();
    for (i, part) in text.split('/').enumerate() {
        if i > 0 {
            shown.push('/');
        }
        let mut chars = part.chars();
        let head: String = chars.by_ref().take(KEEP).collect();
        shown.push_str(&head.replace('\0', "\\0"));
        if chars.next().is_some() {
            shown.push('…');
        }
    }
    shown
}
