//! debrief: a static site generator for bilingual event-report blogs.
//!
//! The pipeline, one stage a module, each a function from one type to the next:
//! `config::load` → `content::load` → `site::assemble` → `markdown::render`
//! → `render::run` → `output::write`, wired together only in `pipeline`.
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
pub mod i18n;
pub mod images;
pub mod import;
pub mod markdown;
mod nearest;
pub mod output;
pub mod pipeline;
mod rel_path;
pub mod render;
pub mod search;
pub mod serve;
pub mod site;
mod stamp;
pub mod term;
pub mod translation;
