//! One job's output once its kind has made it, rendered either into memory
//! or straight into where it goes: a page streamed into its file is never
//! held whole, and for a huge report that copy was the largest thing a
//! build held.

use std::collections::HashMap;
use std::io;

use tera::Context;

use crate::config::Lang;
use crate::diag::Diagnostic;

use super::kind::{self, Made};
use super::{Job, RenderContext, html};

/// A job's file, or its template context, with what rendering it needs.
pub(crate) struct Output<'a, 's> {
    job: &'a Job,
    cx: &'a RenderContext<'s>,
    globals: &'a HashMap<Lang, Context>,
    made: Made<'s>,
}

impl<'a, 's> Output<'a, 's> {
    /// The output of `job`, made.
    pub(super) fn of(
        job: &'a Job,
        cx: &'a RenderContext<'s>,
        globals: &'a HashMap<Lang, Context>,
    ) -> Self {
        Output {
            job,
            cx,
            globals,
            made: kind::make(job, cx),
        }
    }

    /// The file's bytes, in memory.
    pub(crate) fn bytes(self) -> Result<Vec<u8>, Diagnostic> {
        match self.made {
            Made::Bytes(bytes) => Ok(bytes),
            Made::Html(made) => {
                // Room for the page's body and the theme around it, so
                // that a huge body is not copied over and over as the
                // output grows.
                let body = made.body_len;
                let mut out = Vec::with_capacity(body + body / 8 + 16 * 1024);
                html::render(self.job, self.cx, self.globals, made, &mut out)?;
                Ok(out)
            }
        }
    }

    /// Writes the file into `out` as it is rendered. A failure to write is
    /// `out`'s to tell: the error returned then may be only its echo.
    pub(crate) fn write_into(self, out: &mut (impl io::Write + ?Sized)) -> Result<(), Diagnostic> {
        match self.made {
            Made::Bytes(bytes) => out
                .write_all(&bytes)
                .map_err(|e| Diagnostic::error(e.to_string(), None)),
            Made::Html(made) => html::render(self.job, self.cx, self.globals, made, out),
        }
    }
}
