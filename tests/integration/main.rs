//! Integration tests: fixture sites built in a temp dir, output parsed.

mod build;
mod cache;
mod cli;
mod edits;
mod error_output;
mod errors;
mod i18n;
mod incremental;
mod lessons;
mod real_posts;
mod realworld;
mod scaffold;
mod search;
mod serve;
mod serve_equals_build;
mod support;
mod theme;
