//! Edit scripts, shared by the incremental suite (`Build::update` equals a
//! fresh `pipeline::full`) and the cache suite (a cached `debrief build`
//! equals a cold one): one [`Edit`] type, the functions that apply it on
//! disk, and the scripts both suites run ([`content_scripts`],
//! [`static_scripts`], [`config_scripts`]), so that a case added to one of
//! them is checked both ways.
//!
//! The scripts are written for [`site`]: the `cache` fixture, bilingual (de
//! default, en), with translated and untranslated reports, `tags` and
//! `lessons` with a term source (`content/lessons/listen-first.de.md`), two
//! events, a page bundle with an SVG and photos (JPEG, one to be turned), a static file, a site UI-string
//! override, and paginated lists (home by 6, `reports` by 4), plus 20
//! generated reports so that one edit touches well under half of the ~160
//! outputs.

use std::fs;
use std::path::PathBuf;

use crate::support::SiteTest;

pub(crate) const LISTEN: &str = "content/reports/zuhören-vor-senden.md";
pub(crate) const LISTEN_EN: &str = "content/reports/zuhören-vor-senden.en.md";
pub(crate) const GERMAN_ONLY: &str = "content/reports/nur-deutsch.md";
pub(crate) const BOTH: &str = "content/reports/beide.md";
pub(crate) const BOTH_EN: &str = "content/reports/beide.en.md";
pub(crate) const LESSON: &str = "content/lessons/listen-first.de.md";
pub(crate) const HANDOUT: &str = "static/files/handout.txt";

/// The `cache` fixture plus `bericht-01` … `bericht-20` (March 2009, tag
/// "Thema N" each; every fourth also in English).
pub(crate) fn site() -> SiteTest {
    let site = SiteTest::new("cache");
    for i in 1..=20 {
        let report = |title: &str, lead: &str| {
            format!(
                "+++\ntitle = \"{title} {i}\"\ndate = 2009-03-{i:02}\n\n[taxonomies]\ntags = [\"Thema {i}\"]\n+++\n\n{lead} {i}.\n\n<!-- more -->\n\nText {i}.\n"
            )
        };
        site.write(
            &format!("content/reports/bericht-{i:02}.md"),
            &report("Bericht", "Vorspann"),
        );
        if i % 4 == 0 {
            site.write(
                &format!("content/reports/bericht-{i:02}.en.md"),
                &report("Report", "Lead"),
            );
        }
    }
    site
}

// ---------------------------------------------------------------------------
// Edits

/// What a cached `debrief build` after an edit should do (the cache suite
/// checks it; the incremental suite has no cache).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Expect {
    /// A content edit: the build uses the cache.
    Cached,
    /// Config, templates or UI strings changed: the cache is invalid.
    Cold,
    /// The set of pages (so every page's links) or the menu (section
    /// titles) changed: more than half the outputs may need rendering, and
    /// then the build silently falls back to a cold one.
    Either,
    /// `public/` was tampered with by hand: the cached build puts back
    /// exactly the output it had before.
    Restored,
}

/// One change to the files, paths relative to the site root.
#[derive(Clone, Debug)]
enum Op {
    /// Writes the file, creating folders.
    Write(&'static str, String),
    /// Removes the file.
    Remove(&'static str),
    /// Replaces the first `from` (which must be there) by `to`.
    Replace(&'static str, &'static str, &'static str),
    /// Adds text at the end of the file.
    Append(&'static str, String),
    /// Writes a copy of the first file as the second.
    Copy(&'static str, &'static str),
    /// Moves the first file to the second.
    Rename(&'static str, &'static str),
    /// Overwrites a file under `public/` (which must be there) by hand.
    Tamper(&'static str, &'static str),
    /// Removes a file or folder under `public/` by hand.
    DeleteOutput(&'static str),
}

/// One edit: what it changes on disk, and what the outputs then show.
#[derive(Clone, Debug)]
pub(crate) struct Edit {
    pub(crate) name: &'static str,
    ops: Vec<Op>,
    /// What a cached build does after it (cache suite only).
    pub(crate) expect: Expect,
    /// Output paths that must exist after the edit.
    pub(crate) appears: Vec<&'static str>,
    /// Output paths (files or folders) that must be gone after it.
    pub(crate) gone: Vec<&'static str>,
    /// Exactly how many outputs are rendered again: the update's count, or
    /// the cached build's "N rendered again".
    pub(crate) rendered: Option<usize>,
}

/// An edit that changes nothing yet; a cached build after it may or may
/// not use the cache ([`Expect::Either`]) unless told.
pub(crate) fn edit(name: &'static str) -> Edit {
    Edit {
        name,
        ops: Vec::new(),
        expect: Expect::Either,
        appears: Vec::new(),
        gone: Vec::new(),
        rendered: None,
    }
}

impl Edit {
    pub(crate) fn write(mut self, path: &'static str, text: impl Into<String>) -> Edit {
        self.ops.push(Op::Write(path, text.into()));
        self
    }
    pub(crate) fn remove(mut self, path: &'static str) -> Edit {
        self.ops.push(Op::Remove(path));
        self
    }
    pub(crate) fn replace(
        mut self,
        path: &'static str,
        from: &'static str,
        to: &'static str,
    ) -> Edit {
        self.ops.push(Op::Replace(path, from, to));
        self
    }
    pub(crate) fn append(mut self, path: &'static str, text: impl Into<String>) -> Edit {
        self.ops.push(Op::Append(path, text.into()));
        self
    }
    pub(crate) fn copy(mut self, from: &'static str, to: &'static str) -> Edit {
        self.ops.push(Op::Copy(from, to));
        self
    }
    pub(crate) fn rename(mut self, from: &'static str, to: &'static str) -> Edit {
        self.ops.push(Op::Rename(from, to));
        self
    }
    pub(crate) fn tamper(mut self, output: &'static str, text: &'static str) -> Edit {
        self.ops.push(Op::Tamper(output, text));
        self
    }
    pub(crate) fn delete_output(mut self, output: &'static str) -> Edit {
        self.ops.push(Op::DeleteOutput(output));
        self
    }
    pub(crate) fn expect(mut self, expect: Expect) -> Edit {
        self.expect = expect;
        self
    }
    pub(crate) fn cached(self) -> Edit {
        self.expect(Expect::Cached)
    }
    pub(crate) fn cold(self) -> Edit {
        self.expect(Expect::Cold)
    }
    pub(crate) fn restored(self) -> Edit {
        self.expect(Expect::Restored)
    }
    pub(crate) fn appears(mut self, paths: &[&'static str]) -> Edit {
        self.appears.extend(paths);
        self
    }
    pub(crate) fn gone(mut self, paths: &[&'static str]) -> Edit {
        self.gone.extend(paths);
        self
    }
    pub(crate) fn rendered(mut self, n: usize) -> Edit {
        self.rendered = Some(n);
        self
    }

    /// Whether the edit changes `public/` by hand (only a build on disk
    /// has such a thing).
    pub(crate) fn edits_output(&self) -> bool {
        self.ops
            .iter()
            .any(|op| matches!(op, Op::Tamper(..) | Op::DeleteOutput(_)))
    }
}

/// The text of a file of the site.
#[track_caller]
pub(crate) fn read(site: &SiteTest, path: &str) -> String {
    let path = site.root().join(path);
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

/// Replaces the first `from` by `to` in a file of the site; `from` must be there.
#[track_caller]
pub(crate) fn replace(site: &SiteTest, path: &str, from: &str, to: &str) {
    let text = read(site, path);
    assert!(text.contains(from), "{path} has no `{from}`");
    site.write(path, &text.replacen(from, to, 1));
}

/// Applies `edit` on disk, in order; returns every source file it wrote,
/// moved or removed (what a watcher would report).
pub(crate) fn apply(site: &SiteTest, edit: &Edit) -> Vec<PathBuf> {
    let name = edit.name;
    let public = site.root().join("public");
    let mut touched = Vec::new();
    for op in &edit.ops {
        match op {
            Op::Write(path, text) => {
                site.write(path, text);
                touched.push(path);
            }
            Op::Remove(path) => {
                site.remove(path);
                touched.push(path);
            }
            Op::Replace(path, from, to) => {
                assert!(
                    read(site, path).contains(from),
                    "{name}: {path} has no `{from}`"
                );
                replace(site, path, from, to);
                touched.push(path);
            }
            Op::Append(path, more) => {
                site.write(path, &(read(site, path) + more));
                touched.push(path);
            }
            Op::Copy(from, to) => {
                // Byte for byte: a photo is no text.
                let (src, dst) = (site.root().join(from), site.root().join(to));
                fs::create_dir_all(dst.parent().expect("a file has a parent")).expect("folders");
                fs::copy(&src, &dst).unwrap_or_else(|e| panic!("{name}: copy {from}: {e}"));
                touched.push(to);
            }
            Op::Rename(from, to) => {
                site.write(to, &read(site, from));
                site.remove(from);
                touched.extend([from, to]);
            }
            Op::Tamper(output, text) => {
                let path = public.join(output);
                assert!(path.is_file(), "{name}: no {} to edit", path.display());
                fs::write(&path, text).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
            }
            Op::DeleteOutput(output) => {
                let path = public.join(output);
                let result = if path.is_dir() {
                    fs::remove_dir_all(&path)
                } else {
                    fs::remove_file(&path)
                };
                result.unwrap_or_else(|e| panic!("{name}: remove {}: {e}", path.display()));
            }
        }
    }
    touched.into_iter().map(|p| site.root().join(p)).collect()
}

/// Edits applied one after another to one fresh [`site`], each checked.
pub(crate) struct Script {
    pub(crate) name: &'static str,
    pub(crate) edits: Vec<Edit>,
}

/// A script of one edit, named after it.
pub(crate) fn each(edits: Vec<Edit>) -> Vec<Script> {
    edits
        .into_iter()
        .map(|edit| Script {
            name: edit.name,
            edits: vec![edit],
        })
        .collect()
}

/// Runs `check` on every script, each in a thread of its own, and fails
/// listing every script that failed, with its message.
pub(crate) fn run_each(scripts: &[Script], check: impl Fn(&Script) + Sync) {
    let count = scripts.len();
    let failures: Vec<String> = std::thread::scope(|scope| {
        let check = &check;
        let handles: Vec<_> = scripts
            .iter()
            .map(|script| (script.name, scope.spawn(move || check(script))))
            .collect();
        handles
            .into_iter()
            .filter_map(|(name, handle)| {
                let panic = handle.join().err()?;
                let message = panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                let message = message
                    .strip_prefix(&format!("{name}: "))
                    .unwrap_or(&message);
                Some(format!("- {name}: {message}"))
            })
            .collect()
    });
    assert!(
        failures.is_empty(),
        "{} of {count} scripts failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

// ---------------------------------------------------------------------------
// The scripts both suites run

/// The stamp of `BOTH`'s text with this body paragraph.
fn stamp_of_both(paragraph: &str) -> &'static str {
    let text = debrief::StampedText::new("Kleine Teams, große Wirkung", None, paragraph);
    Box::leak(format!("translated_from = \"{}\"\n", text.stamp()).into_boxed_str())
}

/// A translation stamped, its original edited (no `updated`: outdated by
/// content), re-wrapped (no change), and the translation stamped again.
fn stamped_translation_script() -> Script {
    let (first, edited) = (
        "Notizen von der Webinale.",
        "Notizen von der Webinale in Berlin.",
    );
    let (stamp, restamp) = (stamp_of_both(first), stamp_of_both(edited));
    Script {
        name: "a stamped translation, its original edited, re-wrapped, stamped again",
        edits: vec![
            edit("translation stamped with a version known nowhere: outdated")
                .cached()
                .replace(
                    BOTH_EN,
                    "date = 2009-06-05\n",
                    "date = 2009-06-05\ntranslated_from = \"0123456789ab\"\n",
                ),
            edit("translation stamped with the current version")
                .cached()
                .replace(BOTH_EN, "translated_from = \"0123456789ab\"\n", stamp),
            edit("body edit of a stamped original: the translation is outdated")
                .cached()
                .replace(BOTH, first, edited),
            // Re-wrapping alone changes no output; the translation's own
            // revision does, and the notice must stay.
            edit("stamped original re-wrapped, translation revised")
                .cached()
                .replace(BOTH, edited, "Notizen von der\nWebinale   in Berlin.")
                .replace(
                    BOTH_EN,
                    "Notes from Webinale.",
                    "Notes from Webinale in Berlin.",
                ),
            edit("translation stamped again")
                .cached()
                .replace(BOTH_EN, stamp, restamp),
        ],
    }
}

/// Edits of content: reports, translations, sections, terms, events.
pub(crate) fn content_scripts() -> Vec<Script> {
    let mut scripts = each(vec![
        edit("body edit below the summary")
            .cached()
            .replace(LISTEN, "Er sagte", "Sie sagte")
            .rendered(1),
        edit("summary edit")
            .cached()
            .replace(LISTEN, "Der Vorspann", "Ein neuer Vorspann"),
        edit("summary edit of a translation")
            .cached()
            .replace(LISTEN_EN, "The lead", "A new lead"),
        edit("title change").cached().replace(
            GERMAN_ONLY,
            "Nur auf Deutsch",
            "Nur auf Deutsch, überarbeitet",
        ),
        edit("title change of a report on the first home page")
            .cached()
            .replace(
                BOTH,
                "Kleine Teams, große Wirkung",
                "Kleine Teams, riesige Wirkung",
            ),
        edit("date change that moves a report to the top of every list")
            .cached()
            .replace(GERMAN_ONLY, "date = 2008-12-12", "date = 2010-01-01"),
        edit("home page intro edited").cached().replace(
            "content/_index.md",
            "Notizen von Konferenzen.",
            "Notizen von vielen Konferenzen.",
        ),
        edit("date change that reorders lists")
            .cached()
            .replace(GERMAN_ONLY, "date = 2008-12-12", "date = 2009-03-09"),
        // 25 reports on either home page, 6 per page: one fewer drops page 5.
        // (An undated report stays in its section's list, at the end.)
        edit("date removed: the page leaves the home lists")
            .cached()
            .replace(GERMAN_ONLY, "date = 2008-12-12\n", "")
            .gone(&["page/5", "en/page/5"]),
        edit("date added to an undated page").cached().replace(
            "content/about.md",
            "+++\n\n",
            "date = 2009-05-01\n+++\n\n",
        ),
        edit("translation no longer outdated")
            .cached()
            .replace(LISTEN_EN, "date = 2008-12-18", "date = 2008-12-21"),
        edit("tag added: its term pages appear")
            .cached()
            .replace(
                GERMAN_ONLY,
                "tags = [\"Dell\"]",
                "tags = [\"Dell\", \"Neu\"]",
            )
            .appears(&[
                "tags/neu/index.html",
                "tags/neu/atom.xml",
                "en/tags/neu/index.html",
            ]),
        edit("tag removed: its term pages disappear")
            .cached()
            .replace(GERMAN_ONLY, "tags = [\"Dell\"]", "tags = []")
            .gone(&["tags/dell", "en/tags/dell"]),
        edit("lesson term source body edited")
            .cached()
            .replace(LESSON, "dann senden", "dann lange senden"),
        // The report's lesson no longer names the source: a term of its own.
        edit("lesson term source retitled")
            .cached()
            .replace(LESSON, "\"Zuhören vor Senden\"", "\"Erst zuhören\"")
            .appears(&["lessons/zuhoeren-vor-senden/index.html"]),
        edit("term source added for a tag").cached().write(
            "content/tags/social-media.de.md",
            "+++\ntitle = \"Social Media\"\n+++\n\nÜber soziale Medien.\n",
        ),
        edit("event renamed")
            .cached()
            .replace(BOTH, "name = \"Webinale\"", "name = \"Webinale Berlin\"")
            .replace(BOTH_EN, "name = \"Webinale\"", "name = \"Webinale Berlin\"")
            .appears(&["events/webinale-berlin-2009/index.html"])
            .gone(&["events/webinale-2009", "en/events/webinale-2009"]),
        edit("event city changed in one language").cached().replace(
            BOTH_EN,
            "city = \"Berlin\"",
            "city = \"Berlin, Germany\"",
        ),
        edit("event removed from a report").cached().replace(
            BOTH,
            "[event]\nname = \"Webinale\"\ncity = \"Berlin\"\ndate = 2009-06-02\n",
            "",
        ),
        edit("alias added")
            .cached()
            .replace(
                "content/reports/bericht-07.md",
                "date = 2009-03-07\n",
                "date = 2009-03-07\naliases = [\"/alt/sieben/\"]\n",
            )
            .appears(&["alt/sieben/index.html"]),
        edit("new report added")
            .write(
                "content/reports/neu.md",
                "+++\ntitle = \"Ein neuer Bericht\"\ndate = 2009-03-15\n\n[event]\nname = \"Barcamp\"\ncity = \"Köln\"\ndate = 2009-03-14\n\n[taxonomies]\ntags = [\"Barcamp\"]\n+++\n\nNeu.\n",
            )
            .appears(&[
                "reports/neu/index.html",
                "events/barcamp-2009/index.html",
                "tags/barcamp/index.html",
            ]),
        edit("report deleted in both languages")
            .remove(BOTH)
            .remove(BOTH_EN)
            .gone(&[
                "reports/beide",
                "en/reports/beide",
                "events/webinale-2009",
                "en/events/webinale-2009",
                "tags/teams",
                "en/tags/teams",
            ]),
        // The English report's `@/reports/nur-deutsch.md` now goes to it.
        edit("translation added for a link target")
            .write(
                "content/reports/nur-deutsch.en.md",
                "+++\ntitle = \"Only in German, once\"\ndate = 2008-12-12\n+++\n\nTranslated.\n",
            )
            .appears(&["en/reports/nur-deutsch/index.html"]),
        edit("English translation added to a German-only report")
            .write(
                "content/reports/bericht-01.en.md",
                "+++\ntitle = \"Report 1\"\ndate = 2009-03-01\n\n[taxonomies]\ntags = [\"Thema 1\"]\n+++\n\nTranslated.\n",
            )
            .appears(&["en/reports/bericht-01/index.html"]),
        edit("translation deleted")
            .remove("content/reports/bericht-04.en.md")
            .gone(&["en/reports/bericht-04"]),
        edit("German original deleted, translation kept")
            .remove("content/reports/bericht-08.md")
            .gone(&["reports/bericht-08"]),
        edit("draft flag set")
            .replace(BOTH, "date = 2009-06-04\n", "date = 2009-06-04\ndraft = true\n")
            .gone(&["reports/beide"]),
        edit("draft published")
            .replace("content/reports/entwurf.md", "draft = true", "draft = false")
            .appears(&["reports/entwurf/index.html"]),
        edit("slug set in the front matter")
            .replace(
                "content/reports/bericht-06.md",
                "date = 2009-03-06\n",
                "date = 2009-03-06\nslug = \"sechs\"\n",
            )
            .appears(&["reports/sechs/index.html"])
            .gone(&["reports/bericht-06"]),
        edit("report turned into a page bundle with an image")
            .rename(
                "content/reports/bericht-05.md",
                "content/reports/bericht-05/index.md",
            )
            .append("content/reports/bericht-05/index.md", "\n![Bild](bild.svg)\n")
            .write(
                "content/reports/bericht-05/bild.svg",
                "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
            )
            .appears(&["reports/bericht-05/bild.svg"]),
        edit("section paginate_by changed")
            .replace(
                "content/reports/_index.md",
                "paginate_by = 4",
                "paginate_by = 3",
            )
            .appears(&["reports/page/9/index.html"]),
        edit("section sorted by title").replace(
            "content/reports/_index.md",
            "sort_by = \"date\"",
            "sort_by = \"title\"",
        ),
        edit("a report weighed, section sorted by weight")
            .replace(
                "content/reports/_index.md",
                "sort_by = \"date\"",
                "sort_by = \"weight\"",
            )
            .replace(
                "content/reports/bericht-07.md",
                "date = 2009-03-07\n",
                "date = 2009-03-07\nweight = -1\n",
            ),
        edit("section template set")
            .copy(
                "themes/default/templates/section.html",
                "templates/reports.html",
            )
            .replace(
                "templates/reports.html",
                "{% block content %}",
                "{% block content %}<!-- reports -->",
            )
            .replace(
                "content/reports/_index.md",
                "paginate_by = 4",
                "paginate_by = 4\ntemplate = \"reports.html\"",
            ),
        edit("section description changed").replace(
            "content/reports/_index.md",
            "paginate_by = 4",
            "paginate_by = 4\ndescription = \"Alle \\\"Berichte\\\" -- neu\"",
        ),
        edit("section title changed").replace(
            "content/reports/_index.en.md",
            "\"Reports\"",
            "\"All reports\"",
        ),
    ]);
    scripts.extend([
        Script {
            name: "a tag added, renamed, then removed again",
            edits: vec![
                edit("tag added")
                    .cached()
                    .replace(
                        "content/reports/bericht-03.md",
                        "tags = [\"Thema 3\"]",
                        "tags = [\"Thema 3\", \"Interview\"]",
                    )
                    .appears(&["tags/interview/index.html"]),
                edit("tag renamed")
                    .cached()
                    .replace(
                        "content/reports/bericht-03.md",
                        "\"Interview\"",
                        "\"Interviews\"",
                    )
                    .appears(&["tags/interviews/index.html"])
                    .gone(&["tags/interview"]),
                edit("tag removed")
                    .cached()
                    .replace(
                        "content/reports/bericht-03.md",
                        ", \"Interviews\"",
                        "",
                    )
                    .gone(&["tags/interviews"]),
            ],
        },
        Script {
            name: "a translation written, revised, then withdrawn",
            edits: vec![
                edit("translation written")
                    .write(
                        "content/reports/bericht-02.en.md",
                        "+++\ntitle = \"Report 2: an interview at the barcamp\"\ndate = 2009-03-02\n\n[taxonomies]\ntags = [\"Thema 2\"]\n+++\n\n“Listen first,” she said.\n\n<!-- more -->\n\nLessons learned: ask, then post.\n",
                    )
                    .appears(&["en/reports/bericht-02/index.html"]),
                edit("translation revised")
                    .cached()
                    .replace(
                        "content/reports/bericht-02.en.md",
                        "ask, then post",
                        "ask twice, then post once",
                    )
                    .rendered(1),
                edit("translation's summary revised").cached().replace(
                    "content/reports/bericht-02.en.md",
                    "“Listen first,” she said.",
                    "“Listen first,” she said, “always.”",
                ),
                edit("translation withdrawn")
                    .remove("content/reports/bericht-02.en.md")
                    .gone(&["en/reports/bericht-02"]),
            ],
        },
        stamped_translation_script(),
        Script {
            name: "a report renamed and back",
            edits: vec![
                edit("renamed")
                    .rename(
                        "content/reports/bericht-09.md",
                        "content/reports/bericht-neun.md",
                    )
                    .appears(&["reports/bericht-neun/index.html"])
                    .gone(&["reports/bericht-09"]),
                edit("renamed back")
                    .rename(
                        "content/reports/bericht-neun.md",
                        "content/reports/bericht-09.md",
                    )
                    .appears(&["reports/bericht-09/index.html"])
                    .gone(&["reports/bericht-neun"]),
            ],
        },
    ]);
    scripts
}

/// Edits of static files and page bundle assets.
pub(crate) fn static_scripts() -> Vec<Script> {
    each(vec![
        edit("static file edited")
            .cached()
            .write(HANDOUT, "Handout zur LeWeb 2008, zweite Fassung.\n"),
        edit("static file added in a new folder")
            .cached()
            .write("static/files/neu/plan.txt", "Plan.\n")
            .appears(&["files/neu/plan.txt"]),
        edit("static file removed: its folder goes too")
            .cached()
            .remove(HANDOUT)
            .gone(&["files"]),
        edit("static file replaced by a folder of the same name")
            .cached()
            .remove(HANDOUT)
            .write("static/files/handout.txt/teil-1.txt", "Teil 1.\n")
            .appears(&["files/handout.txt/teil-1.txt"]),
        edit("static file overriding the theme's added")
            .cached()
            .write("static/css/debrief.css", "body { color: black; }\n"),
        edit("bundle asset added")
            .cached()
            .write(
                "content/reports/2008-12-10-leweb-dell/more.svg",
                "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
            )
            .appears(&[
                "reports/leweb-dell/more.svg",
                "en/reports/leweb-dell/more.svg",
            ]),
        edit("bundle photo replaced by one to be turned")
            .cached()
            .copy(
                "content/reports/2008-12-10-leweb-dell/saal-hochkant.jpg",
                "content/reports/2008-12-10-leweb-dell/saal.jpg",
            ),
        edit("bundle photo removed: its copies go too")
            .cached()
            .remove("content/reports/2008-12-10-leweb-dell/saal.jpg")
            .gone(&[
                "reports/leweb-dell/saal.jpg",
                "reports/leweb-dell/saal-480w.jpg",
                "en/reports/leweb-dell/saal-480w.jpg",
            ]),
        edit("bundle asset edited").cached().write(
            "content/reports/2008-12-10-leweb-dell/notes.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"20\" height=\"20\"><circle r=\"9\"/></svg>\n",
        ),
    ])
}

/// Edits of `site.toml`, templates and UI strings.
pub(crate) fn config_scripts() -> Vec<Script> {
    each(vec![
        edit("theme template edited").cold().replace(
            "themes/default/templates/page.html",
            "{% block content %}",
            "{% block content %}<!-- edited -->",
        ),
        edit("site template override added")
            .cold()
            .copy("themes/default/templates/page.html", "templates/page.html")
            .replace(
                "templates/page.html",
                "{% block content %}",
                "{% block content %}<!-- site -->",
            ),
        edit("site UI string edited").cold().replace(
            "i18n/de.toml",
            "\"Neueste Berichte\"",
            "\"Die neuesten Berichte\"",
        ),
        edit("theme UI string edited").cold().replace(
            "themes/default/i18n/en.toml",
            "Page not found",
            "Nothing here",
        ),
        edit("site.toml changed").cold().replace(
            "site.toml",
            "\"Conference Notes\"",
            "\"Notes from conferences\"",
        ),
        edit("site.toml: a language's quotes changed")
            .cold()
            .replace(
                "site.toml",
                "[languages.de]\n",
                "[languages.de]\nquotes = [\"«\", \"»\", \"‹\", \"›\"]\n",
            ),
        edit("site.toml: untranslated reports hidden in English")
            .cold()
            .replace(
                "site.toml",
                "[languages.en]\n",
                "[languages.en]\nshow_untranslated = false\n",
            ),
        edit("site.toml: dated URLs for reports")
            .cold()
            .append(
                "site.toml",
                "\n[permalinks]\nreports = \"/reports/:year/:month/:slug/\"\n",
            )
            .appears(&["reports/2009/03/bericht-01/index.html"])
            .gone(&["reports/bericht-01"]),
        edit("site.toml: smart punctuation turned off")
            .cold()
            .replace(
                "site.toml",
                "smart_punctuation = true",
                "smart_punctuation = false",
            ),
        edit("site.toml: a taxonomy's feed turned off")
            .cold()
            .replace("site.toml", "feed = true", "feed = false"),
        edit("site.toml: highlighting turned off")
            .cold()
            .replace(
                "site.toml",
                "highlight_code = true",
                "highlight_code = false",
            )
            .gone(&["css/highlight.css"]),
    ])
}
