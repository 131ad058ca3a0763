//! `/robots.txt`: allows everything and names the sitemap.

use crate::render::{Job, JobKind};
use crate::site::{Site, url};

/// The one `robots.txt`.
pub(super) fn plan(jobs: &mut Vec<Job>) {
    jobs.push(Job::at(url::ROBOTS_PATH, JobKind::Robots));
}

/// Its text. It reads only the base URL: its fingerprint is the global
/// one, and a new base URL (in site.toml) renders everything again.
pub(super) fn render(site: &Site) -> Vec<u8> {
    let map = url::absolute(&site.config, url::SITEMAP_PATH);
    format!("User-agent: *\nAllow: /\n\nSitemap: {map}\n").into_bytes()
}
