//! Redirect pages: a tiny HTML file with meta refresh and a canonical link,
//! which every static host can serve. They stand at each page's `aliases`
//! and at `page/1/` of each paginated section.

use std::hash::Hash;

use pulldown_cmark_escape::escape_html;

use crate::config::Lang;
use crate::render::{Job, JobKind};
use crate::site::section::Section;
use crate::site::{Site, url};

use super::FpHasher;

/// A redirect at site path `from` to site path `to`, in `lang`.
fn job(from: &str, to: &str, lang: &Lang) -> Job {
    Job::at(
        from,
        JobKind::Redirect {
            to: to.to_owned(),
            lang: lang.clone(),
        },
    )
}

/// `page/1/` of a paginated section, to the section.
pub(super) fn plan_pager_one(section: &Section, jobs: &mut Vec<Job>) {
    if section.front.paginate_by.is_some() {
        let from = url::pager_one_path(&section.path);
        jobs.push(job(&from, &section.path, &section.lang));
    }
}

/// Every alias of every page, to the page.
pub(super) fn plan_aliases(site: &Site, jobs: &mut Vec<Job>) {
    for page in &site.pages {
        for alias in &page.front.aliases {
            jobs.push(job(&url::alias_path(alias), &page.path, &page.key.lang));
        }
    }
}

/// The redirect to site path `to`.
pub(super) fn render(site: &Site, to: &str, lang: &Lang) -> Vec<u8> {
    page(&url::absolute(&site.config, to), lang.as_str()).into_bytes()
}

/// Where it leads, in which language.
pub(super) fn fingerprint(to: &str, lang: &Lang, h: &mut FpHasher) {
    (to, lang).hash(h);
}

/// The HTML of a page that sends the reader to `url`. Its empty icon keeps
/// browsers from asking the host's root for `/favicon.ico`, which under a
/// sub-path base URL is not the site's.
fn page(url: &str, lang: &str) -> String {
    let mut u = String::new();
    let _ = escape_html(&mut u, url);
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{u}</title>\n<link rel=\"icon\" href=\"data:,\">\n\
         <link rel=\"canonical\" href=\"{u}\">\n<meta name=\"robots\" content=\"noindex\">\n\
         <meta http-equiv=\"refresh\" content=\"0; url={u}\">\n</head>\n\
         <body>\n<p><a href=\"{u}\">{u}</a></p>\n</body>\n</html>\n"
    )
}
