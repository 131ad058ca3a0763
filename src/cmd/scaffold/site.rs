//! `debrief init`: the files of a new site. The theme is not among them:
//! the site uses the default theme built into debrief, so an upgrade of
//! debrief reaches it; a writer overrides single templates in `templates/`
//! and single UI strings in `i18n/LANG.toml`.

/// The files of a new site; with `github_pages`, also the workflow that
/// publishes it on GitHub Pages and the `.nojekyll` mark.
pub(crate) fn site_files(github_pages: bool) -> Vec<(&'static str, &'static str)> {
    let mut files = vec![
        ("site.toml", SITE_TOML),
        // The output and the build cache are made from the sources.
        (".gitignore", "/public/\n/.debrief-cache/\n"),
        // The home page shows the site's title and description (site.toml);
        // a text here would come below them.
        (
            "content/_index.md",
            "+++\ntitle = \"Startseite\"\nsort_by = \"date\"\npaginate_by = 10\n+++\n",
        ),
        (
            "content/_index.en.md",
            "+++\ntitle = \"Home\"\nsort_by = \"date\"\npaginate_by = 10\n+++\n",
        ),
        (
            "content/reports/_index.md",
            "+++\ntitle = \"Berichte\"\nsort_by = \"date\"\npaginate_by = 10\n+++\n",
        ),
        (
            "content/reports/_index.en.md",
            "+++\ntitle = \"Reports\"\nsort_by = \"date\"\npaginate_by = 10\n+++\n",
        ),
        ("content/reports/erster-bericht.md", FIRST_REPORT),
        ("content/reports/erster-bericht.en.md", FIRST_REPORT_EN),
        ("content/lessons/zuhoeren.de.md", LESSON_DE),
        ("content/lessons/zuhoeren.en.md", LESSON_EN),
    ];
    if github_pages {
        files.extend(pages_files());
    }
    files
}

/// The GitHub Pages workflow, and the `.nojekyll` mark (GitHub Pages runs
/// Jekyll over a branch it publishes unless told not to).
pub(crate) fn pages_files() -> Vec<(&'static str, &'static str)> {
    vec![
        (".github/workflows/pages.yml", PAGES_WORKFLOW),
        ("static/.nojekyll", ""),
    ]
}

const SITE_TOML: &str = r#"base_url = "https://example.org"
default_language = "de"
# The default theme built into debrief. Override one template by putting a
# file of the same name in templates/, one UI string in i18n/de.toml or
# i18n/en.toml; a themes/default/ folder, when there is one, is used instead.
theme = "default"

[languages.de]
title = "Konferenznotizen"
description = "Berichte und Interviews von Konferenzen"

[languages.en]
title = "Conference Notes"
description = "Reports and interviews from conferences"

[[taxonomies]]
name = "tags"
feed = true

[[taxonomies]]
name = "lessons"
feed = true

[markdown]
highlight_code = true
smart_punctuation = true

# Photos in a page bundle are published in these widths (those below
# their own), without their GPS position, serial numbers or owner's name.
[images]
widths = [480, 960, 1600]
quality = 80

# The image a link preview shows for pages without a photo of their own
# (a file under static/).
# [previews]
# image = "/preview.png"

# The search field in every page's header, and its index (pagefind/ in the
# output): one per language, searched offline in the reader's browser.
[search]
enabled = true
# With no hit in the reader's language, offer reports that exist only in
# another language.
other_language = true
"#;

const FIRST_REPORT: &str = r#"+++
title = "Mein erster Bericht"
date = 2024-01-01
description = "Ein Beispiel, das zeigt, wie ein Bericht aussieht."

[event]
name = "Beispielkonferenz"
city = "Berlin"
date = 2024-01-01

[taxonomies]
tags = ["Beispiel"]
lessons = ["Zuhören vor Senden"]
+++

Was vor der Markierung steht, zeigen die Listen als Zusammenfassung.

<!-- more -->

Der Rest des Berichts steht nur auf seiner eigenen Seite. Die englische
Fassung liegt daneben, in `erster-bericht.en.md`.
"#;

const FIRST_REPORT_EN: &str = r#"+++
title = "My first report"
date = 2024-01-01
description = "An example that shows what a report looks like."

[event]
name = "Sample Conference"
city = "Berlin"
date = 2024-01-01

[taxonomies]
tags = ["Example"]
lessons = ["Listen before you broadcast"]
+++

What stands before the mark is what lists show as the summary.

<!-- more -->

The rest of the report is only on its own page. The German version is
next to it, in `erster-bericht.md`.
"#;

const LESSON_DE: &str = r#"+++
title = "Zuhören vor Senden"
+++

Wer erst zuhört, weiß, worüber die anderen reden wollen. Diese Seite
beschreibt die Lektion; sie steht über allen Berichten, die sie nennen.
"#;

const LESSON_EN: &str = r#"+++
title = "Listen before you broadcast"
+++

Whoever listens first knows what the others want to talk about. This page
describes the lesson; it heads every report that names it.
"#;

/// Builds the site under the URL GitHub Pages gives it (a project site is
/// served under `/REPOSITORY/`) and publishes `public/`.
const PAGES_WORKFLOW: &str = r#"# Publishes the site on GitHub Pages on every push to main.
# In the repository: Settings → Pages → Source: GitHub Actions, and
# Settings → Secrets and variables → Actions → Variables: DEBRIEF_GIT, the
# git URL debrief is installed from (`cargo install --git`).
name: Publish to GitHub Pages

on:
  push:
    branches: [main]
  workflow_dispatch:

permissions:
  contents: read
  pages: write
  id-token: write

concurrency:
  group: pages
  cancel-in-progress: false

jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      # The whole history: a translation's notice dates the change of its
      # original by the commit that made it.
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0
      - id: pages
        uses: actions/configure-pages@v5
      - id: debrief
        name: Find debrief's newest commit
        env:
          DEBRIEF_GIT: ${{ vars.DEBRIEF_GIT }}
        run: |
          if [ -z "$DEBRIEF_GIT" ]; then
            echo "::error::Set the repository variable DEBRIEF_GIT to the git URL of debrief"
            exit 1
          fi
          echo "rev=$(git ls-remote "$DEBRIEF_GIT" HEAD | cut -f1)" >> "$GITHUB_OUTPUT"
      # debrief is compiled once per commit of it, then taken from the cache.
      - uses: actions/cache@v4
        with:
          path: ~/.cargo/bin/debrief
          key: debrief-${{ steps.debrief.outputs.rev }}
      - name: Install debrief
        env:
          DEBRIEF_GIT: ${{ vars.DEBRIEF_GIT }}
          DEBRIEF_REV: ${{ steps.debrief.outputs.rev }}
        run: |
          if ! command -v debrief >/dev/null; then
            cargo install --locked --git "$DEBRIEF_GIT" --rev "$DEBRIEF_REV" debrief
          fi
      - name: Build
        run: debrief build --base-url "${{ steps.pages.outputs.base_url }}"
      - uses: actions/upload-pages-artifact@v3
        with:
          path: public

  deploy:
    needs: build
    runs-on: ubuntu-latest
    environment:
      name: github-pages
      url: ${{ steps.deployment.outputs.page_url }}
    steps:
      - id: deployment
        uses: actions/deploy-pages@v4
"#;
