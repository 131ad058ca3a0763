//! The HTML a body's pass writes, and the footnotes' links back filled in
//! where their placeholders hold the place. A long body's HTML gets room
//! for several times its text up front: a string that grows by doubling
//! copies itself, and for a huge body that copy held twice its HTML next
//! to the parser's tree (room that is never written is never touched).

use std::fmt;

use super::footnotes;

/// From how long a body on its HTML gets its room up front.
const LONG: usize = 1024 * 1024;

/// HTML as it is written.
pub(super) struct Written {
    html: String,
}

impl Written {
    /// Room for the HTML of a body of `len` bytes of Markdown.
    pub(super) fn for_body(len: usize) -> Written {
        let room = if len < LONG { len + len / 2 } else { len * 8 };
        Written {
            html: String::with_capacity(room),
        }
    }

    /// How many bytes are written.
    pub(super) fn len(&self) -> usize {
        self.html.len()
    }

    /// The HTML with each footnote's placeholder replaced by its links
    /// back (`backref` of the placeholder's index), and its first
    /// `summary` bytes, so filled, as the summary.
    pub(super) fn finish(
        self,
        backref: &dyn Fn(usize) -> String,
        summary: Option<usize>,
    ) -> (String, Option<String>) {
        let summary = summary.map(|n| {
            let mut out = String::with_capacity(n);
            footnotes::fill_backrefs(&mut out, &self.html[..n], backref);
            out
        });
        (
            footnotes::fill_backrefs_in_place(self.html, backref),
            summary,
        )
    }
}

impl fmt::Write for Written {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.html.push_str(s);
        Ok(())
    }
}
