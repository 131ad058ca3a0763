//! Reading a WordPress export (WXR): posts and pages with their dates,
//! slugs, categories and tags; Polylang's `language` and
//! `post_translations` terms, or WPML's language and translation group
//! postmeta; HTML bodies as Markdown; images from `uploads/` beside the file.

use std::path::{Path, PathBuf};

use roxmltree::{Document, Node};

use crate::diag::{Diagnostic, Location};
use crate::error::Error;
use crate::import::item::{Front, Item, Kind, LangFrom};
use crate::import::links::Links;
use crate::import::media::Statics;
use crate::import::{Read, Report, html};
use crate::site::slug::slugify;

const WP: &str = "http://wordpress.org/export/";
const CONTENT: &str = "http://purl.org/rss/1.0/modules/content/";
const EXCERPT: &str = "http://wordpress.org/export/1.2/excerpt/";

/// Reads the export file `source`.
pub(crate) fn read(source: &Path) -> Result<Read, Error> {
    if source.is_dir() {
        return Err(Error::Usage(format!(
            "{} is a folder: give the WordPress export file (Tools → Export, an .xml file), with uploads/ beside it",
            source.display()
        )));
    }
    let text = std::fs::read_to_string(source).map_err(|e| Error::io(source, e))?;
    let doc = Document::parse(&text).map_err(|e| {
        let pos = e.pos();
        Error::from(Diagnostic::error(
            format!("this WordPress export is not well-formed XML: {e}; export it again from Tools → Export"),
            Some(Location::in_text(source, &text, pos.row as usize, pos.col as usize)),
        ))
    })?;
    let channel = doc
        .root_element()
        .children()
        .find(|n| n.has_tag_name("channel"))
        .ok_or_else(|| {
            Error::Usage(format!(
                "{} has no <channel>: is it a WordPress export (WXR)?",
                source.display()
            ))
        })?;
    let site_url = child_text(channel, "link").unwrap_or_default();
    let file = source
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut read = Read {
        links: Links::for_site(&site_url),
        ..Read::default()
    };
    if let Some(uploads) = uploads(source) {
        read.statics = Statics::new(vec![("/wp-content/uploads/".into(), uploads)]);
    }
    for node in channel.children().filter(|n| n.has_tag_name("item")) {
        if let Some(item) = item(node, &file, &read.links, &mut read.report) {
            read.items.push(item);
        }
    }
    if read.items.is_empty() {
        read.report.unmapped(&file, "it holds no posts or pages");
    }
    Ok(read)
}

/// `uploads/` or `wp-content/uploads/` beside the export file.
fn uploads(source: &Path) -> Option<PathBuf> {
    let dir = source.parent()?;
    ["uploads", "wp-content/uploads"]
        .iter()
        .map(|d| dir.join(d))
        .find(|d| d.is_dir())
}

/// One `<item>` as an item: a post or page, unless it is in the trash or
/// an automatic draft or revision.
fn item(node: Node, file: &str, links: &Links, report: &mut Report) -> Option<Item> {
    let kind = match wp(node, "post_type").as_deref() {
        Some("post") => Kind::Post,
        Some("page") => Kind::Page,
        _ => return None,
    };
    let status = wp(node, "status").unwrap_or_default();
    if matches!(status.as_str(), "trash" | "auto-draft" | "inherit") {
        return None;
    }
    let id = wp(node, "post_id").unwrap_or_default();
    let title = child_text(node, "title").filter(|t| !t.trim().is_empty());
    let shown = format!(
        "{file} ({} {id})",
        if kind == Kind::Post { "post" } else { "page" }
    );
    let slug = wp(node, "post_name")
        .filter(|s| !s.is_empty())
        .map(|s| crate::site::url::percent_decode(&s).unwrap_or(s));
    let name = slug
        .clone()
        .unwrap_or_else(|| slugify(title.as_deref().unwrap_or("post")));
    let mut front = Front {
        title,
        // The GMT time says when it was; the local one lacks its offset.
        date: wp(node, "post_date_gmt")
            .filter(|d| !d.starts_with("0000"))
            .map(|d| format!("{d}Z"))
            .or_else(|| wp(node, "post_date").filter(|d| !d.starts_with("0000"))),
        draft: status != "publish",
        ..Front::default()
    };
    let (lang, pair) = terms(node, &mut front);
    let excerpt = encoded(node, EXCERPT);
    if !excerpt.trim().is_empty() {
        front.description = Some(excerpt.trim().to_owned());
    }
    let body = body(encoded(node, CONTENT), &shown, report);
    let old_url = child_text(node, "link")
        .and_then(|l| links.rewrite(&l).ok().flatten())
        .filter(|u| u.starts_with('/') && !u.contains('?'));
    Some(Item {
        source: shown,
        kind,
        name,
        front: Front {
            slug: None,
            ..front
        },
        body,
        lang_from: if lang.is_some() {
            LangFrom::Front
        } else {
            LangFrom::Detected
        },
        lang,
        pair,
        old_url,
        bundle: None,
        refs: Vec::new(),
    })
}

/// Puts an item's categories and tags into `front`; returns its language
/// and translation group: Polylang's terms, else WPML's postmeta.
fn terms(node: Node, front: &mut Front) -> (Option<String>, Option<String>) {
    let (mut lang, mut pair) = (None, None);
    for cat in node.children().filter(|n| n.has_tag_name("category")) {
        let label = cat.text().unwrap_or_default().trim().to_owned();
        let nicename = cat.attribute("nicename").unwrap_or_default().to_owned();
        match cat.attribute("domain") {
            Some("category") => front
                .taxonomies
                .entry("categories".into())
                .or_default()
                .push(label),
            Some("post_tag") => front
                .taxonomies
                .entry("tags".into())
                .or_default()
                .push(label),
            Some("language") => lang = Some(nicename),
            Some("post_translations") => pair = Some(nicename),
            _ => {}
        }
    }
    for (key, value) in postmeta(node) {
        match key.as_str() {
            "_wpml_language" | "wpml_language" | "_icl_lang_code" => lang = lang.or(Some(value)),
            "_wpml_translation_group" | "wpml_trid" | "_icl_trid" => {
                pair = pair.or(Some(format!("wpml:{value}")))
            }
            _ => {}
        }
    }
    (lang, pair)
}

/// The text of an item's `encoded` element in the namespace `ns` (its
/// content, or its excerpt); empty when there is none.
fn encoded<'a>(node: Node<'a, '_>, ns: &str) -> &'a str {
    node.children()
        .find(|n| n.has_tag_name((ns, "encoded")))
        .and_then(|n| n.text())
        .unwrap_or_default()
}

/// The post HTML as Markdown: paragraphs made, `[caption]` unwrapped,
/// other shortcodes kept in a comment and reported.
fn body(raw: &str, shown: &str, report: &mut Report) -> String {
    let mut text = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(at) = rest.find('[') {
        text.push_str(&rest[..at]);
        let tail = &rest[at..];
        let name: String = tail[1..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '/')
            .collect();
        let end = tail.find(']');
        match (name.trim_start_matches('/'), end) {
            ("caption" | "wp_caption", Some(end)) => rest = &tail[end + 1..],
            ("gallery" | "embed" | "video" | "audio" | "playlist", Some(end)) => {
                report.unmapped(
                    shown,
                    format!(
                        "the shortcode `{}` has no debrief equivalent; kept it in an HTML comment",
                        &tail[..=end]
                    ),
                );
                text.push_str(&format!("<!-- {} -->", &tail[..=end]));
                rest = &tail[end + 1..];
            }
            _ => {
                text.push('[');
                rest = &tail[1..];
            }
        }
    }
    text.push_str(rest);
    match html::to_markdown(&html::paragraphs(&text)) {
        Ok(md) => md,
        Err(e) => {
            report.unmapped(
                shown,
                format!("its HTML could not be converted ({e}); kept as HTML"),
            );
            text
        }
    }
}

fn postmeta(node: Node) -> Vec<(String, String)> {
    node.children()
        .filter(|n| n.tag_name().name() == "postmeta")
        .filter_map(|m| Some((child_text(m, "meta_key")?, child_text(m, "meta_value")?)))
        .collect()
}

/// A `wp:NAME` child's text (any WXR version).
fn wp(node: Node, name: &str) -> Option<String> {
    node.children()
        .find(|n| {
            n.tag_name().name() == name
                && n.tag_name()
                    .namespace()
                    .is_some_and(|ns| ns.starts_with(WP))
        })
        .and_then(|n| n.text())
        .map(|t| t.trim().to_owned())
}

fn child_text(node: Node, name: &str) -> Option<String> {
    node.children()
        .find(|n| n.tag_name().name() == name)
        .and_then(|n| n.text())
        .map(|t| t.trim().to_owned())
}
