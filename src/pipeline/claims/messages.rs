//! The messages of the checks on outputs: a path no file system takes, two
//! outputs at one place, a copied file a page replaces, a file where a
//! folder goes.

use std::path::Path;

use super::describe::{Describe, shown_source};
use super::{By, Claim, shorten};
use crate::diag::{Diagnostic, Location};
use crate::render::{Job, JobKind};
use crate::site::page::Page;

impl Describe<'_> {
    /// An output whose path a file system would not take, for `problem`.
    pub(super) fn unfit(
        &self,
        claim: &Claim<'_>,
        problem: &str,
        at: Option<Location>,
    ) -> Diagnostic {
        Diagnostic::error(
            format!(
                "{} would be published at `{}`, {problem}",
                self.what(claim.by),
                shorten(&self.shown(claim))
            ),
            at,
        )
        .with_note(self.fix(claim.by))
    }

    /// The output `file`, published as the file `/folder`, where `claim`
    /// needs a folder.
    pub(super) fn file_in_the_way(
        &self,
        file: &Claim<'_>,
        claim: &Claim<'_>,
        folder: &str,
    ) -> Diagnostic {
        Diagnostic::error(
            format!(
                "{} would be published as the file `/{folder}`, where {} needs a folder: it is published at `{}`",
                self.what(file.by),
                self.what(claim.by),
                self.shown(claim)
            ),
            self.blame(file.by, claim.by),
        )
        .with_note("rename or move one of them")
    }

    /// Two rendered outputs at one place: named first, and pointed at, the
    /// one whose line made it (a `slug`, an alias) over one that got its
    /// place from a file name.
    pub(super) fn collision(&self, claim: &Claim<'_>, other: &Claim<'_>) -> Diagnostic {
        let at_line = |by| self.at(by).is_some_and(|l| l.line > 0);
        let (claim, other) = if !at_line(claim.by) && at_line(other.by) {
            (other, claim)
        } else {
            (claim, other)
        };
        let location = self.blame(claim.by, other.by);
        // The error points at one page's `slug`: say where the other's URL
        // comes from, as its file is not shown.
        let whence = match (self.page(claim.by), self.page(other.by)) {
            (Some((_, true)), Some((p, by_slug))) => Some(format!(
                "{} has this URL from its {}",
                p.file.shown.display(),
                if by_slug { "`slug` too" } else { "file name" }
            )),
            _ => None,
        };
        let d = Diagnostic::error(
            format!(
                "{} and {} would both be published at `{}`",
                self.what(claim.by),
                self.what(other.by),
                self.shown(claim)
            ),
            location,
        );
        match whence {
            Some(whence) => d.with_note(whence),
            None => d,
        }
        .with_note(self.collision_fix(claim.by, other.by))
    }

    /// What to do about two outputs at one place: for two pages whose file
    /// names differ only by their date, dated URLs.
    fn collision_fix(&self, one: By<'_>, other: By<'_>) -> String {
        let alias = matches!(one, By::Alias(..)) || matches!(other, By::Alias(..));
        match (self.dated(one), self.dated(other)) {
            (Some((dir, name, date)), Some((other_dir, other_name, other_date)))
                if dir == other_dir && name == other_name && date != other_date =>
            {
                let parts =
                    if (date.year(), date.month()) != (other_date.year(), other_date.month()) {
                        ":year/:month"
                    } else {
                        ":year/:month/:day"
                    };
                let (key, prefix) = if dir.is_empty() {
                    ("\"\"".to_owned(), String::new())
                } else {
                    (dir.to_owned(), format!("{dir}/"))
                };
                format!(
                    "their file names differ only by the date: give one of them a `slug`, or give the section dated URLs in site.toml:\n    [permalinks]\n    {key} = \"/{prefix}{parts}/:slug/\""
                )
            }
            _ if alias => "change or remove the alias".to_owned(),
            _ => "give one of them another file name or `slug`".to_owned(),
        }
    }

    /// The page of a rendered output, and whether its `slug` gives its URL.
    fn page(&self, by: By<'_>) -> Option<(&Page, bool)> {
        match by {
            By::Job(Job {
                kind: JobKind::Page(id),
                ..
            }) => {
                let p = self.site.page(*id);
                Some((p, p.front.slug.is_some()))
            }
            _ => None,
        }
    }

    /// A page's section folder, its file name without the date prefix, and
    /// that prefix's day, when its slug comes from such a name.
    fn dated(&self, by: By<'_>) -> Option<(&str, &str, jiff::civil::Date)> {
        let By::Job(Job {
            kind: JobKind::Page(id),
            ..
        }) = by
        else {
            return None;
        };
        let p = self.site.page(*id);
        let file_name = p.key.tkey.rsplit('/').next()?;
        let (date, name) = crate::content::date::split_date_prefix(file_name)?;
        p.front
            .slug
            .is_none()
            .then_some((&*p.dir, name, date.day()))
    }

    /// A static file or bundle asset that a rendered output replaces.
    pub(super) fn shadowed(&self, by: By<'_>, out: &str, src: &Path) -> Diagnostic {
        let what = match by {
            By::Job(Job {
                kind: JobKind::Page(id),
                ..
            }) => format!("the page {}", self.site.page(*id).file.shown.display()),
            _ => "a page debrief generates".to_owned(),
        };
        Diagnostic::warning(
            format!(
                "this file is not published: {what} is published at the same place, {}/{out}",
                self.site.config.base_url.path
            ),
            Some(Location::file(shown_source(self.site, src))),
        )
        .with_note("rename or move the file, or give the page another `slug`")
    }
}
