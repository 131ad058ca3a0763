//! debrief: a static site generator for bilingual event-report blogs.
//!
//! The pipeline, one stage a module, each a function from one type to the next:
//! `config::load` → `content::load` → `site::assemble` → `markdown::render`
//! → `render` → `output`, wired together only in `pipeline`.
//!
//! What is public is what `main`, the tests and the benchmarks use: the
//! command line (`cli`, `cmd`, `term`, `error`), the pipeline and its
//! change classes, and the stages the fuzz harness drives one at a time
//! (`config`, `content`, `markdown`, `site`, `diag`). Rendering, output,
//! search, images, translations, import and the server are reached only
//! through `pipeline` and `cmd`.
//!
//! Below every stage: `diag` and `error`, and four small shared concepts,
//! `stamp` (a file's size and time), `rel_path` (a file's site name),
//! `nearest` (the name a misspelt one meant) and `collections` (`FastMap`,
//! `FastSet`).

pub mod cli;
pub mod cmd;
mod collections;
pub mod config;
pub mod content;
pub mod diag;
pub mod error;
mod i18n;
mod images;
mod import;
pub mod markdown;
mod nearest;
mod output;
pub mod pipeline;
mod rel_path;
mod render;
mod search;
mod serve;
pub mod site;
mod stamp;
pub mod term;
mod translation;

// What the tests and benchmarks use of the stages kept private.
pub use images::ImageFacts;
pub use output::Outputs;
pub use translation::stamp::Text as StampedText;
