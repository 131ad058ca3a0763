//! Integration tests: fixture sites built in a temp dir, output parsed.

mod build;
mod builtin_theme;
mod cache;
mod cli;
mod cli_habits;
mod edits;
mod error_output;
mod errors;
mod i18n;
mod images;
mod import;
mod incremental;
mod interviews;
mod lessons;
mod real_posts;
mod realworld;
mod scaffold;
mod search;
mod serve;
mod serve_equals_build;
mod support;
mod theme;
mod translations;
