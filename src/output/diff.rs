//! The one rule for what a reader gets at an output path — a rendered file
//! beats a copied one — and the one comparison of two builds' outputs by
//! that rule, used by `serve` after every update.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::output::{Bytes, Outputs};

/// What is published at one output path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Published<'a> {
    /// A rendered file's bytes.
    Rendered(&'a Bytes),
    /// A file copied as it is, from this source.
    Copied(&'a Path),
}

/// The copies a reader gets: those at a path no file is `rendered` at.
pub(crate) fn copies_shown<'a, F: Fn(&str) -> bool>(
    copies: &'a BTreeMap<String, PathBuf>,
    rendered: F,
) -> impl Iterator<Item = (&'a String, &'a PathBuf)> + use<'a, F> {
    copies.iter().filter(move |(rel, _)| !rendered(rel))
}

/// Output paths whose published file is new or different, and those gone.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Changes {
    /// New or different, sorted.
    pub changed: Vec<String>,
    /// Gone, sorted.
    pub removed: Vec<String>,
}

impl Outputs {
    /// What a reader gets at `path`: the rendered file if there is one,
    /// else the copied one.
    pub fn at(&self, path: &str) -> Option<Published<'_>> {
        match self.files.get(path) {
            Some(bytes) => Some(Published::Rendered(bytes)),
            None => self.copies.get(path).map(|src| Published::Copied(src)),
        }
    }

    /// Puts `rendered` files in, takes `gone` ones out and, when given,
    /// replaces the copies; returns how what is published changed (see
    /// [`diff`]), looking only at the paths this can change.
    pub fn replace(
        &mut self,
        rendered: Vec<(String, Bytes)>,
        gone: &[String],
        copies: Option<BTreeMap<String, PathBuf>>,
        edited: &BTreeSet<PathBuf>,
    ) -> Changes {
        let mut paths: BTreeSet<String> = gone.iter().cloned().collect();
        paths.extend(rendered.iter().map(|(p, _)| p.clone()));
        if let Some(copies) = &copies {
            paths.extend(self.copies.keys().chain(copies.keys()).cloned());
        }
        let before = Outputs {
            files: paths
                .iter()
                .filter_map(|p| Some((p.clone(), self.files.get(p)?.clone())))
                .collect(),
            copies: match copies {
                Some(copies) => std::mem::replace(&mut self.copies, copies),
                None => self.copies.clone(),
            },
        };
        for path in gone {
            self.files.remove(path);
        }
        self.files.extend(rendered);
        diff(&before, self, paths.iter().map(String::as_str), edited)
    }

    /// Every output path, rendered or copied, once each.
    pub fn paths(&self) -> BTreeSet<&str> {
        self.files
            .keys()
            .chain(self.copies.keys())
            .map(String::as_str)
            .collect()
    }
}

/// How `new` differs from `old` at `paths` (pass every path either has to
/// compare all). A copied file counts as changed when its source is another
/// file, or when its source is among `edited` (changed on disk in place).
pub(crate) fn diff<'a>(
    old: &Outputs,
    new: &Outputs,
    paths: impl IntoIterator<Item = &'a str>,
    edited: &BTreeSet<PathBuf>,
) -> Changes {
    let mut changes = Changes::default();
    let paths: BTreeSet<&str> = paths.into_iter().collect();
    for path in paths {
        let differs = match (old.at(path), new.at(path)) {
            (_, None) => {
                if old.at(path).is_some() {
                    changes.removed.push(path.to_owned());
                }
                continue;
            }
            (Some(Published::Rendered(a)), Some(Published::Rendered(b))) => a[..] != b[..],
            (Some(Published::Copied(a)), Some(Published::Copied(b))) => {
                a != b || edited.contains(b)
            }
            _ => true,
        };
        if differs {
            changes.changed.push(path.to_owned());
        }
    }
    changes
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::path::PathBuf;

    use super::{Changes, Published, diff};
    use crate::output::Outputs;

    fn outputs(files: &[(&str, &str)], copies: &[(&str, &str)]) -> Outputs {
        Outputs {
            files: files
                .iter()
                .map(|(p, b)| (p.to_string(), b.as_bytes().into()))
                .collect(),
            copies: copies
                .iter()
                .map(|(p, s)| (p.to_string(), PathBuf::from(s)))
                .collect(),
        }
    }

    #[test]
    fn a_rendered_file_beats_a_copied_one() {
        let o = outputs(&[("a.html", "x")], &[("a.html", "static/a.html")]);
        assert!(matches!(o.at("a.html"), Some(Published::Rendered(b)) if &b[..] == b"x"));
        let o = outputs(&[], &[("a.html", "static/a.html")]);
        assert_eq!(
            o.at("a.html"),
            Some(Published::Copied(PathBuf::from("static/a.html").as_path()))
        );
    }

    #[test]
    fn every_kind_of_change_is_seen_by_the_published_file() {
        let old = outputs(
            &[("same", "1"), ("edited", "1"), ("gone", "1"), ("hid", "r")],
            &[
                ("hid", "s/hid"),
                ("copy", "s/c"),
                ("touched", "s/t"),
                ("moved", "s/m"),
            ],
        );
        let new = outputs(
            &[("same", "1"), ("edited", "2"), ("added", "1")],
            &[
                ("hid", "s/hid"),
                ("copy", "s/c"),
                ("touched", "s/t"),
                ("moved", "s/m2"),
            ],
        );
        let edited = BTreeSet::from([PathBuf::from("s/t")]);
        let all = old
            .paths()
            .into_iter()
            .chain(new.paths())
            .collect::<Vec<_>>();
        assert_eq!(
            diff(&old, &new, all, &edited),
            Changes {
                // `hid`: the copy shows again once the rendered file is gone.
                changed: ["added", "edited", "hid", "moved", "touched"]
                    .map(String::from)
                    .to_vec(),
                removed: vec!["gone".to_owned()],
            }
        );
    }
}
