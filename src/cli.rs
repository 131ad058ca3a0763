//! The command line, as clap derive types.

use std::net::IpAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// debrief: a static site generator for bilingual event reports.
#[derive(Debug, Parser)]
#[command(name = "debrief", version, about, propagate_version = true)]
pub struct Cli {
    /// How much to print; every subcommand takes these.
    #[command(flatten)]
    pub verbosity: Verbosity,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// `--quiet` and `--verbose`: global, so every subcommand accepts them
/// (`debrief build --quiet`) and a new subcommand gets them without a line.
#[derive(Debug, Clone, Copy, Default, Args)]
pub struct Verbosity {
    /// Print only warnings and errors.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print more: every page left out of the build, every translation note,
    /// every file a rebuild changed.
    #[arg(short, long, global = true)]
    pub verbose: bool,
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
    /// Print a shell completion script.
    ///
    /// Put it where the shell looks for completions, e.g.
    /// `debrief completions bash > ~/.local/share/bash-completion/completions/debrief`.
    Completions(CompletionsArgs),
    /// Print the man page, or write every page into a folder.
    ///
    /// `debrief man > debrief.1`; `debrief man --dir ~/.local/share/man/man1`
    /// writes debrief.1 and one page per subcommand (debrief-build.1, …).
    Man(ManArgs),
    /// Record in translations which version of their original they match.
    Stamp(StampArgs),
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
    /// Check drafts too, and list them with their paths.
    #[arg(long)]
    pub drafts: bool,
    /// Check future-dated pages too.
    #[arg(long)]
    pub future: bool,
    /// List every missing and outdated translation, with the original's
    /// paragraphs changed since the stamped version.
    #[arg(long)]
    pub translations: bool,
    /// How to print the --translations report.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text, requires = "translations")]
    pub format: ReportFormat,
}

/// The --translations report's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    /// For people.
    Text,
    /// For CI, on stdout.
    Json,
}

/// `debrief stamp`.
#[derive(Debug, Args)]
pub struct StampArgs {
    /// The translations to stamp, relative to the site root
    /// (content/reports/NAME.en.md).
    #[arg(required_unless_present = "all_current")]
    pub paths: Vec<PathBuf>,
    /// Stamp every translation without a stamp that is not outdated by date.
    #[arg(long, conflicts_with = "paths")]
    pub all_current: bool,
    /// The site root (the folder with site.toml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
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
    /// Also write .github/workflows/pages.yml, which publishes the site on
    /// GitHub Pages (under the project's sub-path), and static/.nojekyll;
    /// in an existing site, only these.
    #[arg(long)]
    pub github_pages: bool,
}

/// `debrief completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete in.
    pub shell: clap_complete::Shell,
}

/// `debrief man`.
#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write debrief.1 and a page per subcommand (debrief-build.1, …) into this folder.
    #[arg(long)]
    pub dir: Option<PathBuf>,
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
