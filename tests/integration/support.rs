//! `SiteTest`: a fixture site copied into a temp dir, built with the real
//! `debrief` binary, and its output read back as parsed HTML.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use scraper::{ElementRef, Html, Selector};
use tempfile::TempDir;

/// The mark `debrief build` leaves in every output folder.
pub(crate) const MARK: &str = ".debrief-output";

/// `tests/fixtures/`, one fixture site a folder.
pub(crate) fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// A site in a temporary folder: a fixture plus the repo's `themes/`.
pub(crate) struct SiteTest {
    dir: TempDir,
}

/// What one run of the binary did.
pub(crate) struct Run {
    pub(crate) code: i32,
    pub(crate) stderr: String,
}

impl Run {
    /// Panics, showing stderr, unless the run exited 0.
    #[track_caller]
    pub(crate) fn success(&self) {
        assert_eq!(self.code, 0, "expected success; stderr:\n{}", self.stderr);
    }
}

impl SiteTest {
    /// Copies `tests/fixtures/NAME` and the repo's `themes/` into a temp dir.
    pub(crate) fn new(fixture: &str) -> SiteTest {
        SiteTest::from_folder(&fixtures().join(fixture))
    }

    /// The demo site at the repo root (the repo is itself a site): its
    /// `site.toml`, `content/`, `themes/`, and `static/`, `templates/`,
    /// `i18n/` where there are such folders.
    pub(crate) fn demo() -> SiteTest {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        let dir = tempfile::tempdir().expect("create a temp dir");
        fs::copy(repo.join("site.toml"), dir.path().join("site.toml")).expect("copy site.toml");
        copy_dir(&repo.join("content"), &dir.path().join("content"));
        copy_dir(&repo.join("themes"), &dir.path().join("themes"));
        for optional in ["static", "templates", "i18n"] {
            if repo.join(optional).is_dir() {
                copy_dir(&repo.join(optional), &dir.path().join(optional));
            }
        }
        SiteTest { dir }
    }

    /// Copies the folder `site` (a site without its theme) and the repo's
    /// `themes/` into a temp dir.
    pub(crate) fn from_folder(site: &Path) -> SiteTest {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        let dir = tempfile::tempdir().expect("create a temp dir");
        copy_dir(site, dir.path());
        copy_dir(&repo.join("themes"), &dir.path().join("themes"));
        SiteTest { dir }
    }

    /// The site root.
    pub(crate) fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file relative to the site root, creating folders.
    pub(crate) fn write(&self, path: &str, text: &str) -> &SiteTest {
        let path = self.root().join(path);
        fs::create_dir_all(path.parent().expect("a file has a parent")).expect("create folders");
        fs::write(&path, text).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
        self
    }

    /// Removes a file relative to the site root.
    pub(crate) fn remove(&self, path: &str) -> &SiteTest {
        let path = self.root().join(path);
        fs::remove_file(&path).unwrap_or_else(|e| panic!("remove {}: {e}", path.display()));
        self
    }

    /// Runs `debrief ARGS` in the site root.
    pub(crate) fn run(&self, args: &[&str]) -> Run {
        let out = Command::new(env!("CARGO_BIN_EXE_debrief"))
            .args(args)
            .current_dir(self.root())
            .output()
            .expect("run the debrief binary");
        Run {
            code: out.status.code().expect("debrief exited normally"),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// `debrief build --root ROOT ARGS` where no file may grow past 1 MiB:
    /// the shell's `ulimit -f`, with SIGXFSZ ignored, so that writing a
    /// larger file fails with EFBIG, a real write error half-way through a
    /// build.
    pub(crate) fn build_with_small_files(&self, args: &[&str]) -> Run {
        let root = self.root().to_str().expect("temp dir path is UTF-8");
        let out = Command::new("sh")
            .arg("-c")
            .arg("ulimit -f 2048; trap '' XFSZ; exec \"$@\"")
            .arg("sh")
            .arg(env!("CARGO_BIN_EXE_debrief"))
            .args(["build", "--root", root])
            .args(args)
            .current_dir(self.root())
            .output()
            .expect("run the debrief binary under sh");
        Run {
            code: out.status.code().expect("debrief exited normally"),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// `debrief build --root ROOT`.
    pub(crate) fn build(&self) -> Run {
        self.build_with(&[])
    }

    /// `debrief build --root ROOT ARGS`.
    pub(crate) fn build_with(&self, args: &[&str]) -> Run {
        let root = self.root().to_str().expect("temp dir path is UTF-8");
        self.run(&[&["build", "--root", root], args].concat())
    }

    /// The output file for a URL path: `/en/reports/x/` → `public/en/reports/x/index.html`.
    pub(crate) fn out(&self, url_path: &str) -> PathBuf {
        let mut rel = url_path.trim_start_matches('/').to_owned();
        if rel.is_empty() || rel.ends_with('/') {
            rel.push_str("index.html");
        }
        self.root().join("public").join(rel)
    }

    /// Whether the build wrote the file for this URL path.
    pub(crate) fn exists(&self, url_path: &str) -> bool {
        self.out(url_path).is_file()
    }

    /// The text of the output file for this URL path.
    pub(crate) fn read(&self, url_path: &str) -> String {
        let path = self.out(url_path);
        fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
    }

    /// The output file for this URL path, parsed as an HTML document.
    pub(crate) fn html(&self, url_path: &str) -> Document {
        Document {
            name: url_path.to_owned(),
            html: Html::parse_document(&self.read(url_path)),
        }
    }

    /// Every file of the site under `public/` with its bytes: all but the
    /// mark by which `build` knows its output folder (which `serve` does
    /// not serve).
    pub(crate) fn output_files(&self) -> BTreeMap<PathBuf, Vec<u8>> {
        let public = self.root().join("public");
        let mut files = BTreeMap::new();
        for path in files_under(&public) {
            if path.strip_prefix(&public) == Ok(Path::new(MARK)) {
                continue;
            }
            let bytes = fs::read(&path).expect("read an output file");
            let rel = path.strip_prefix(&public).expect("under public/");
            files.insert(rel.to_path_buf(), bytes);
        }
        files
    }
}

/// A parsed HTML page, queried with CSS selectors.
pub(crate) struct Document {
    name: String,
    html: Html,
}

impl Document {
    /// Every element matching `css`.
    pub(crate) fn select(&self, css: &str) -> Vec<ElementRef<'_>> {
        self.html.select(&selector(css)).collect()
    }

    /// Attribute `name` of the first element matching `css`.
    #[track_caller]
    pub(crate) fn attr(&self, css: &str, name: &str) -> String {
        let all = self.all_attrs(css, name);
        match all.first() {
            Some(value) => value.clone(),
            None => panic!("{}: no `{css}` with attribute `{name}`", self.name),
        }
    }

    /// Attribute `name` of every element matching `css` that has it.
    pub(crate) fn all_attrs(&self, css: &str, name: &str) -> Vec<String> {
        self.select(css)
            .iter()
            .filter_map(|e| e.attr(name).map(str::to_owned))
            .collect()
    }

    /// `(hreflang, href)` of every `<link rel=alternate hreflang>` in the head.
    pub(crate) fn alternates(&self) -> BTreeSet<(String, String)> {
        self.select("head link[rel=alternate][hreflang]")
            .iter()
            .map(|l| {
                let attr = |name| l.attr(name).unwrap_or_default().to_owned();
                (attr("hreflang"), attr("href"))
            })
            .collect()
    }

    /// The language switcher's link to `lang`.
    #[track_caller]
    pub(crate) fn switcher_link(&self, lang: &str) -> String {
        self.attr(&format!(".lang-switch a[hreflang={lang}]"), "href")
    }

    /// The text of the first element matching `css`.
    #[track_caller]
    pub(crate) fn text(&self, css: &str) -> String {
        match self.select(css).first() {
            Some(e) => text(e),
            None => panic!("{}: no `{css}`", self.name),
        }
    }
}

/// `(a, b)` string pairs as a set, to compare with [`Document::alternates`].
/// `start` followed by paragraphs of prose until the text is over the
/// search index's limit of 1 MiB a page (1.3 MB), a report only part of
/// which is searchable.
pub(crate) fn over_the_index_limit(start: &str) -> String {
    let mut text = start.to_owned();
    while text.len() < 1_300_000 {
        text.push_str("Konferenz Vortrag Zuhören Senden Gespräch Abteilung Telefon Forum.\n\n");
    }
    text
}

pub(crate) fn pairs(list: &[(&str, &str)]) -> BTreeSet<(String, String)> {
    list.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

/// A CSS selector; panics on a typo in the test.
pub(crate) fn selector(css: &str) -> Selector {
    Selector::parse(css).unwrap_or_else(|e| panic!("bad selector `{css}`: {e}"))
}

/// All text inside an element, concatenated.
pub(crate) fn text(element: &ElementRef<'_>) -> String {
    element.text().collect()
}

/// Every file below `dir`, recursively (none if it does not exist).
pub(crate) fn files_under(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files = Vec::new();
    for entry in entries {
        let path = entry.expect("read a folder entry").path();
        if path.is_dir() {
            files.extend(files_under(&path));
        } else {
            files.push(path);
        }
    }
    files.sort();
    files
}

fn copy_dir(from: &Path, to: &Path) {
    assert!(from.is_dir(), "no folder {}", from.display());
    for file in files_under(from) {
        let dest = to.join(file.strip_prefix(from).expect("under the source folder"));
        fs::create_dir_all(dest.parent().expect("a file has a parent")).expect("create folders");
        fs::copy(&file, &dest).unwrap_or_else(|e| panic!("copy {}: {e}", file.display()));
    }
}
