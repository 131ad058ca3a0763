//! `debrief init`: the files of a new site, the default theme included.

/// The files of a new site, with the default theme embedded in the binary.
pub(crate) fn site_files() -> Vec<(&'static str, &'static str)> {
    let mut files = vec![
        ("site.toml", SITE_TOML),
        // The output and the build cache are made from the sources.
        (".gitignore", "/public/\n/.debrief-cache/\n"),
        (
            "content/_index.md",
            "+++\ntitle = \"Konferenznotizen\"\nsort_by = \"date\"\npaginate_by = 10\n+++\n\nNotizen und Interviews von Konferenzen.\n",
        ),
        (
            "content/_index.en.md",
            "+++\ntitle = \"Conference Notes\"\nsort_by = \"date\"\npaginate_by = 10\n+++\n\nNotes and interviews from conferences.\n",
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
    ];
    files.extend(THEME.iter().copied());
    files
}

const SITE_TOML: &str = r#"base_url = "https://example.org"
default_language = "de"
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

Hier steht, was die Leserin in Listen sieht.

<!-- more -->

Und hier der Rest des Berichts. `debrief new content/reports/erster-bericht.md --lang en`
legt die englische Übersetzung an.
"#;

/// The default theme, as shipped in `themes/default/`.
const THEME: &[(&str, &str)] = &[
    (
        "themes/default/theme.toml",
        include_str!("../../../themes/default/theme.toml"),
    ),
    (
        "themes/default/i18n/de.toml",
        include_str!("../../../themes/default/i18n/de.toml"),
    ),
    (
        "themes/default/i18n/en.toml",
        include_str!("../../../themes/default/i18n/en.toml"),
    ),
    (
        "themes/default/static/css/debrief.css",
        include_str!("../../../themes/default/static/css/debrief.css"),
    ),
    (
        "themes/default/static/favicon.svg",
        include_str!("../../../themes/default/static/favicon.svg"),
    ),
    (
        "themes/default/static/js/search.js",
        include_str!("../../../themes/default/static/js/search.js"),
    ),
    (
        "themes/default/templates/404.html",
        include_str!("../../../themes/default/templates/404.html"),
    ),
    (
        "themes/default/templates/base.html",
        include_str!("../../../themes/default/templates/base.html"),
    ),
    (
        "themes/default/templates/event.html",
        include_str!("../../../themes/default/templates/event.html"),
    ),
    (
        "themes/default/templates/events.html",
        include_str!("../../../themes/default/templates/events.html"),
    ),
    (
        "themes/default/templates/index.html",
        include_str!("../../../themes/default/templates/index.html"),
    ),
    (
        "themes/default/templates/page.html",
        include_str!("../../../themes/default/templates/page.html"),
    ),
    (
        "themes/default/templates/section.html",
        include_str!("../../../themes/default/templates/section.html"),
    ),
    (
        "themes/default/templates/taxonomy_list.html",
        include_str!("../../../themes/default/templates/taxonomy_list.html"),
    ),
    (
        "themes/default/templates/taxonomy_term.html",
        include_str!("../../../themes/default/templates/taxonomy_term.html"),
    ),
    (
        "themes/default/templates/partials/list_item.html",
        include_str!("../../../themes/default/templates/partials/list_item.html"),
    ),
    (
        "themes/default/templates/partials/listing.html",
        include_str!("../../../themes/default/templates/partials/listing.html"),
    ),
    (
        "themes/default/templates/partials/pagination.html",
        include_str!("../../../themes/default/templates/partials/pagination.html"),
    ),
];

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::path::Path;

    use super::THEME;

    #[test]
    fn the_embedded_theme_is_the_whole_default_theme() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let on_disk: BTreeSet<String> = walkdir::WalkDir::new(root.join("themes/default"))
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                e.path()
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/")
            })
            .collect();
        let embedded: BTreeSet<String> = THEME.iter().map(|(p, _)| p.to_string()).collect();
        assert_eq!(
            embedded, on_disk,
            "update THEME in src/cmd/scaffold/site.rs"
        );
    }
}
