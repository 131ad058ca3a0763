//! What every HTML output shares once its kind has made its own objects:
//! its language's globals, its language versions and link preview around
//! them, the template rendered, and a failure that names the template line
//! and the content file being rendered.

use std::collections::HashMap;
use std::sync::Arc;

use tera::Context;

use crate::config::Lang;
use crate::content::source_file::SourceFile;
use crate::diag::Diagnostic;
use crate::site::{PageId, order, url};

use super::context::{Frame, add_versions, home_of};
use super::{Job, RenderContext, preview, templates, view};

/// An HTML output as its kind makes it: the part of the template context
/// that is its own, and what it is rendered with.
pub(super) struct Html<'s> {
    /// Language, site path and language versions.
    pub(super) frame: Frame,
    /// The template.
    pub(super) template: String,
    /// The kind's own objects (`page`, `section`, `paginator`, …).
    pub(super) ctx: Context,
    /// The content file being rendered, named when rendering fails.
    pub(super) file: Option<&'s Arc<SourceFile>>,
    /// When the front matter of `file` names the template: the one it gets
    /// without that key, for the message when the named one is missing.
    pub(super) default_template: Option<&'static str>,
    /// Bytes of Markdown body the output holds.
    pub(super) body_len: usize,
}

impl Html<'_> {
    /// An output of no content file, rendered with `template`.
    pub(super) fn new(frame: Frame, template: &str, ctx: Context) -> Self {
        Html {
            frame,
            template: template.to_owned(),
            ctx,
            file: None,
            default_template: None,
            body_len: 0,
        }
    }
}

/// The frame of an output in `lang` at `path`: where the language switcher
/// leads for a language without a version is the home page.
pub(super) fn frame(lang: &Lang, path: String, versions: Vec<(Lang, String, String)>) -> Frame {
    Frame {
        lang: lang.clone(),
        path,
        versions,
        fallback: home_of,
        fallback_arg: 0,
    }
}

/// Renders `html`, the HTML output of `job`, over its language's
/// `globals`, into `out` as it goes.
pub(super) fn render(
    job: &Job,
    cx: &RenderContext<'_>,
    globals: &HashMap<Lang, Context>,
    html: Html<'_>,
    out: impl std::io::Write,
) -> Result<(), Diagnostic> {
    let site = &**cx.site;
    let mut full = globals[&html.frame.lang].clone();
    add_versions(&mut full, site, cx.catalog, &html.frame);
    full.insert(
        "preview",
        &preview::of(site, cx.bodies, cx.catalog, job, &html.frame),
    );
    full.extend(html.ctx);
    let template = &html.template;
    cx.tera.render_to(template, &full, out).map_err(|e| {
        if let tera::ErrorKind::TemplateNotFound(name) = e.kind()
            && name == template
            && let (Some(file), Some(default)) = (html.file, html.default_template)
        {
            return templates::asked_but_missing(name, file, default, cx.sources);
        }
        let mut d = templates::diagnostics(&e, cx.sources)
            .into_iter()
            .next()
            .unwrap_or_else(|| Diagnostic::error(e.to_string(), None));
        let doing = match html.file {
            Some(file) => format!("while rendering {} with {template}", file.shown.display()),
            None => format!("while rendering {} with {template}", job.out),
        };
        d.notes.insert(0, doing);
        d
    })
}

/// `paginator` of pager `index` (0-based) of a list of `pages` at `base`,
/// `per` to a pager, in `lang`.
pub(super) fn paginator(
    cx: &RenderContext<'_>,
    pages: &[PageId],
    per: Option<usize>,
    base: &str,
    lang: &Lang,
    index: usize,
) -> view::Paginator {
    let site = &**cx.site;
    let total = pages.len();
    let count = order::pager_count(total, per);
    let at = |i: usize| url::absolute(&site.config, &url::pager_path(base, i + 1));
    view::Paginator {
        pages: cx.items.list(
            site,
            cx.bodies,
            &pages[order::pager_range(total, per, index)],
            lang,
        ),
        current_index: index + 1,
        number_pagers: count,
        paginate_by: per,
        total_pages: total,
        first: at(0),
        last: at(count - 1),
        previous: index.checked_sub(1).map(at),
        next: (index + 1 < count).then(|| at(index + 1)),
    }
}
