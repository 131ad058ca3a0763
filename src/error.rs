//! The error type of a whole command, and the exit status it maps to.

use std::io;
use std::path::PathBuf;

use crate::diag::Diagnostics;

/// Why a command failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The command line was wrong (exit status 2).
    #[error("{0}")]
    Usage(String),
    /// The site's files have errors (exit status 1).
    #[error("{0}")]
    Invalid(Diagnostics),
    /// Reading or writing a file failed (exit status 1).
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or directory involved.
        path: PathBuf,
        /// What the OS said.
        #[source]
        source: io::Error,
    },
}

impl Error {
    /// The process exit status: 2 for usage errors, 1 for everything else.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Usage(_) => 2,
            Error::Invalid(_) | Error::Io { .. } => 1,
        }
    }

    /// Wraps an I/O error with the path it concerns.
    pub fn io(path: impl Into<PathBuf>, source: io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

impl From<crate::diag::Diagnostic> for Error {
    fn from(d: crate::diag::Diagnostic) -> Self {
        Error::Invalid(d.into())
    }
}

impl From<Diagnostics> for Error {
    fn from(d: Diagnostics) -> Self {
        Error::Invalid(d)
    }
}
