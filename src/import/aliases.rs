//! Old URLs as aliases: each item's old URL and the source's own
//! aliases, less those debrief cannot or must not redirect from.

use std::collections::HashSet;

use crate::config::Config;
use crate::import::item::Item;
use crate::import::links::normalise;
use crate::import::plan::Planned;
use crate::import::report::Report;
use crate::site::alias_path;
use crate::site::slug::slugify;

/// Each item's aliases, less those that are its new URL or another
/// page's, that are taken already, that are URLs debrief makes itself
/// (home, sections, term lists, events), or that no file can be (`?p=1`).
pub(crate) fn aliases(
    config: &Config,
    section: &str,
    items: &[Item],
    planned: &[Planned],
    report: &mut Report,
) -> Vec<Vec<String>> {
    let new: HashSet<String> = planned.iter().map(|p| normalise(&p.url)).collect();
    let mut taken = HashSet::new();
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        let mut list = Vec::new();
        for old in item.old_url.iter().chain(&item.front.aliases) {
            let old = format!("/{}", old.trim_start_matches('/'));
            let escapes = old.contains(['?', '#'])
                || old.contains("://")
                || old.split('/').any(|s| s == ".." || s == ".");
            let key = normalise(&old);
            if escapes || new.contains(&key) {
                continue;
            }
            if debriefs_own(config, section, &key) {
                report.unmapped(
                    &item.source,
                    format!("its old URL `{old}` is one debrief makes itself; no redirect from it"),
                );
                continue;
            }
            if !taken.insert(normalise(&alias_path(&old))) {
                report.unmapped(
                    &item.source,
                    format!("its old URL `{old}` is another page's too; no redirect from it"),
                );
                continue;
            }
            list.push(old);
        }
        out.push(list);
    }
    out
}

/// Whether debrief publishes `path` (normalised) itself: a language's
/// home, the posts' section, a taxonomy's lists, the events, the feeds.
fn debriefs_own(config: &Config, section: &str, path: &str) -> bool {
    let mut parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
    if parts.first().is_some_and(|p| config.lang(p).is_some()) {
        parts.remove(0);
    }
    let Some(first) = parts.first() else {
        return true;
    };
    let lists = config.taxonomies.iter().any(|t| slugify(&t.name) == *first) || *first == "events";
    let fixed = matches!(*first, "atom.xml" | "sitemap.xml" | "robots.txt" | "404");
    lists || fixed || (parts.len() == 1 && *first == slugify(section))
}

#[cfg(test)]
mod tests {
    use super::debriefs_own;
    use crate::config::{Overrides, load_str};

    #[test]
    fn urls_debrief_makes() {
        let config = load_str(
            "base_url = \"https://example.org\"\ndefault_language = \"de\"\n[languages.de]\ntitle = \"T\"\n[languages.en]\ntitle = \"T\"\n[[taxonomies]]\nname = \"tags\"\n",
            &Overrides::default(),
        )
        .expect("a config");
        for own in [
            "/",
            "/en",
            "/tags",
            "/en/tags/rust",
            "/reports",
            "/events/leweb-2008",
            "/atom.xml",
        ] {
            assert!(debriefs_own(&config, "reports", own), "{own}");
        }
        for old in [
            "/2019/05/recap",
            "/reports/2019/recap",
            "/en/about",
            "/blog/tags-and-more",
        ] {
            assert!(!debriefs_own(&config, "reports", old), "{old}");
        }
    }
}
