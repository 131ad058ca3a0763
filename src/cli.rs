//! The command line, as clap derive types.

use std::net::IpAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// debrief: a static site generator for bilingual event reports.
#[derive(Debug, Parser)]
#[command(name = "debrief", version, about, propagate_version = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into public/ (replaced only when the whole build succeeds).
    Build(BuildArgs),
    /// Validate everything a build validates, without writing anything.
    Check(CheckArgs),
    /// Build and serve the site on this machine, rebuilding on changes with --watch.
    Serve(ServeArgs),
    /// Scaffold a report (or the translation of an existing one).
    New(NewArgs),
    /// Scaffold a new site that builds at once with the default theme.
    Init(InitArgs),
    /// Bring in posts and pages from a Jekyll, Hugo, Zola or WordPress blog.
    Import(ImportArgs),
}

/// `debrief build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The site root (the folder with site.toml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Where to write the site [default: ROOT/public]: a new or empty folder,
    /// or one debrief built (it holds a .debrief-output mark), which is replaced whole.
    #[arg(long)]
    pub output: Option<PathBuf>,
    /// Use this base URL instead of site.toml's.
    #[arg(long)]
    pub base_url: Option<String>,
    /// Include pages marked draft = true (and future-dated ones).
    #[arg(long)]
    pub drafts: bool,
    /// Include pages dated in the future.
    #[arg(long)]
    pub future: bool,
    /// Render everything, ignoring (and not keeping) the build cache in .debrief-cache/.
    #[arg(long)]
    pub no_cache: bool,
}

/// `debrief check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The site root (the folder with site.toml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Check drafts too.
    #[arg(long)]
    pub drafts: bool,
    /// Check future-dated pages too.
    #[arg(long)]
    pub future: bool,
}

/// `debrief serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The site root (the folder with site.toml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Rebuild what changed on every save and reload open browser tabs.
    #[arg(long)]
    pub watch: bool,
    /// The address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    pub interface: IpAddr,
    /// The port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// Include drafts and future-dated pages.
    #[arg(long)]
    pub drafts: bool,
    /// Open the site in a browser.
    #[arg(long)]
    pub open: bool,
}

/// `debrief new`.
#[derive(Debug, Args)]
pub struct NewArgs {
    /// The report to create, relative to the site root: content/reports/NAME.md.
    pub path: PathBuf,
    /// Its language (NAME.en.md for --lang en); an existing other-language
    /// version is used to fill in date, event, people and lessons.
    #[arg(long)]
    pub lang: Option<String>,
    /// Its title.
    #[arg(long)]
    pub title: Option<String>,
    /// The site root (the folder with site.toml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}

/// `debrief init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// Where to create the site.
    #[arg(default_value = ".")]
    pub dir: PathBuf,
}

/// `debrief import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The kind of blog SOURCE is.
    #[arg(long = "from", value_enum)]
    pub from: crate::import::Format,
    /// The old site's folder (for WordPress: the export file, with
    /// uploads/ beside it for the images).
    pub source: PathBuf,
    /// The site to import into (the folder with site.toml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// The section under content/ that posts go into.
    #[arg(long, default_value = "reports")]
    pub section: String,
}
