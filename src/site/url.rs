//! THE place URLs are made: language prefix, pretty URLs, base_url sub-path.
//!
//! A *site path* is what follows the base URL: `/`, `/en/reports/x/`. It always
//! starts and, for pages, ends with `/`. Absolute URLs add origin and sub-path.

use crate::config::permalink::Part;
use crate::config::{Config, Lang};
use crate::content::date::Date;
use crate::site::slug::slugify;

/// `""` for the default language, `/en` for the others.
pub fn lang_prefix(config: &Config, lang: &Lang) -> String {
    if *lang == config.default_language {
        String::new()
    } else {
        format!("/{lang}")
    }
}

/// The site path of a section folder (`reports`, `""` for home) in `lang`.
pub fn section_path(config: &Config, lang: &Lang, dir: &str) -> String {
    let mut path = lang_prefix(config, lang);
    for part in dir.split('/').filter(|p| !p.is_empty()) {
        path.push('/');
        path.push_str(&slugify(part));
    }
    path.push('/');
    path
}

/// The site path of a page: its section's path plus its slug, or what the
/// section's `[permalinks]` pattern makes of its slug and date. The error
/// says why a dated pattern has no date to use.
pub fn page_path(
    config: &Config,
    lang: &Lang,
    dir: &str,
    slug: &str,
    date: Option<&Date>,
) -> Result<String, String> {
    let Some(permalink) = config.permalink(dir) else {
        return Ok(format!("{}{slug}/", section_path(config, lang, dir)));
    };
    let day = match (date, permalink.is_dated()) {
        (Some(date), _) => Some(date.day()),
        (None, false) => None,
        (None, true) => {
            return Err(format!(
                "the page has no date, but `[permalinks]` in site.toml gives the pages of `{}` dated URLs",
                permalink.section
            ));
        }
    };
    let mut path = lang_prefix(config, lang);
    for part in &permalink.parts {
        match (part, day) {
            (Part::Text(text), _) => path.push_str(text),
            (Part::Slug, _) => path.push_str(slug),
            (Part::Section, _) => {
                let section = section_path(config, &config.default_language, dir);
                path.push_str(section.trim_matches('/'));
            }
            (Part::Year, Some(d)) => path.push_str(&format!("{:04}", d.year())),
            (Part::Month, Some(d)) => path.push_str(&format!("{:02}", d.month())),
            (Part::Day, Some(d)) => path.push_str(&format!("{:02}", d.day())),
            (Part::Year | Part::Month | Part::Day, None) => {}
        }
    }
    Ok(path)
}

/// The site path of pager `n` (1-based) of a list at `list_path`.
pub fn pager_path(list_path: &str, n: usize) -> String {
    if n <= 1 {
        list_path.to_owned()
    } else {
        format!("{list_path}page/{n}/")
    }
}

/// `/reports/page/1/`: where pager 1 of a paginated list at `list_path`
/// would be if it were not the list itself; a redirect to the list stands there.
pub fn pager_one_path(list_path: &str) -> String {
    format!("{list_path}page/1/")
}

/// The site path of the Atom feed of the list at `list_path`: `/en/atom.xml`.
pub fn feed_path(list_path: &str) -> String {
    format!("{list_path}atom.xml")
}

/// The site path of the sitemap, or of the sitemap index when there are parts.
pub const SITEMAP_PATH: &str = "/sitemap.xml";

/// The site path of part `n` (1-based) of a sitemap split in parts.
pub fn sitemap_part_path(n: usize) -> String {
    format!("/sitemap-{n}.xml")
}

/// The site path of `robots.txt`.
pub const ROBOTS_PATH: &str = "/robots.txt";

/// The site path of the page a host shows for a path the site lacks.
pub const NOT_FOUND_PATH: &str = "/404.html";

/// The site path an `aliases` entry of a page's front matter names, always
/// from the root: `old/x` is `/old/x/`, `/old.html` stays a file.
pub fn alias_path(alias: &str) -> String {
    let path = format!("/{}", alias.trim_start_matches('/'));
    if path.ends_with('/') || path.ends_with(".html") {
        path
    } else {
        format!("{path}/")
    }
}

/// The absolute URL of a site path.
pub fn absolute(config: &Config, site_path: &str) -> String {
    config.base_url.absolute(site_path)
}

/// The URL path (no scheme, no host) of a site path, with the base sub-path.
pub fn rooted(config: &Config, site_path: &str) -> String {
    format!("{}{site_path}", config.base_url.path)
}

/// `%20` and the like decoded; `None` for a malformed escape or bytes that
/// are not UTF-8.
pub fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The output file of a site path: `en/reports/x/index.html`.
pub fn output_file(site_path: &str) -> String {
    let trimmed = site_path.trim_start_matches('/');
    if trimmed.is_empty() || trimmed.ends_with('/') {
        format!("{trimmed}index.html")
    } else {
        trimmed.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::{
        absolute, alias_path, feed_path, output_file, page_path, pager_one_path, pager_path,
        rooted, section_path, sitemap_part_path,
    };
    use crate::config::{Overrides, load_str};

    #[test]
    fn urls_per_language_under_a_sub_path() {
        let config = load_str(
            "base_url = \"https://host/blog/\"\ndefault_language = \"de\"\n[languages.de]\n[languages.en]\n",
            &Overrides::default(),
        )
        .unwrap();
        let de = config.lang("de").unwrap().clone();
        let en = config.lang("en").unwrap().clone();
        assert_eq!(section_path(&config, &de, ""), "/");
        assert_eq!(section_path(&config, &en, ""), "/en/");
        assert_eq!(section_path(&config, &en, "reports"), "/en/reports/");
        assert_eq!(
            page_path(&config, &de, "reports", "x", None).unwrap(),
            "/reports/x/"
        );
        assert_eq!(
            page_path(&config, &en, "", "about", None).unwrap(),
            "/en/about/"
        );
        assert_eq!(pager_path("/en/reports/", 1), "/en/reports/");
        assert_eq!(pager_path("/en/reports/", 3), "/en/reports/page/3/");
        assert_eq!(absolute(&config, "/en/"), "https://host/blog/en/");
        assert_eq!(rooted(&config, "/en/"), "/blog/en/");
        assert_eq!(output_file("/"), "index.html");
        assert_eq!(output_file("/en/reports/x/"), "en/reports/x/index.html");
        assert_eq!(output_file("/404.html"), "404.html");
    }

    #[test]
    fn paths_of_feeds_sitemaps_and_redirects() {
        assert_eq!(pager_one_path("/en/reports/"), "/en/reports/page/1/");
        assert_eq!(output_file(&feed_path("/")), "atom.xml");
        assert_eq!(output_file(&feed_path("/en/tags/x/")), "en/tags/x/atom.xml");
        assert_eq!(sitemap_part_path(2), "/sitemap-2.xml");
        assert_eq!(alias_path("old/x"), "/old/x/");
        assert_eq!(alias_path("/old/x/"), "/old/x/");
        assert_eq!(alias_path("old.html"), "/old.html");
    }

    #[test]
    fn dated_urls_from_permalinks() {
        let config = load_str(
            "base_url = \"https://host/blog\"\ndefault_language = \"de\"\n[languages.de]\n[languages.en]\n\
             [permalinks]\nmeetups = \"/meetups/:year/:month/:slug/\"\nnotes = \"/:section/:year-:month-:day/:slug/\"\n",
            &Overrides::default(),
        )
        .unwrap();
        let de = config.lang("de").unwrap().clone();
        let en = config.lang("en").unwrap().clone();
        let date = crate::content::date::Date::parse("2021-06-01").unwrap();
        let path = |lang, dir, date| page_path(&config, lang, dir, "treffen", date);
        assert_eq!(
            path(&de, "meetups", Some(&date)).unwrap(),
            "/meetups/2021/06/treffen/"
        );
        assert_eq!(
            path(&en, "meetups/local", Some(&date)).unwrap(),
            "/en/meetups/2021/06/treffen/"
        );
        assert_eq!(
            path(&de, "notes", Some(&date)).unwrap(),
            "/notes/2021-06-01/treffen/"
        );
        assert_eq!(path(&de, "reports", None).unwrap(), "/reports/treffen/");
        let err = path(&de, "meetups", None).unwrap_err();
        assert!(err.contains("no date"), "{err}");
    }
}
