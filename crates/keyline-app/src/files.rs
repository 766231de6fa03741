//! The files a user hands Keyline (evidence, templates, report PDFs, backups, databases).
//!
//! Every one is checked for kind and size before a byte of it is read, and then read with a
//! limit: a folder, a pipe, a device (or a link to one) or a file larger than its kind allows
//! gets a clear refusal at once, never a hang and never a full memory. On Unix the file is
//! opened without waiting (`O_NONBLOCK`), so even a pipe swapped in after the check cannot
//! hold Keyline up, and the check is made on the opened handle, not just the name.

use std::fs::{File, Metadata};
use std::io::Read;
use std::path::Path;

use crate::{AppError, ErrorCode, Result};

/// A kind of file Keyline reads, and the most it reads of one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileKind {
    /// What the file is, in the user's words ("an evidence file").
    pub what: &'static str,
    pub max_bytes: u64,
}

/// Photos, PDFs and documents attached to items.
pub const EVIDENCE: FileKind = FileKind {
    what: "an evidence file",
    max_bytes: 20 * 1024 * 1024,
};

/// Template files (JSON). The largest shipped framework is well under 1 MB.
pub const TEMPLATE: FileKind = FileKind {
    what: "a template file",
    max_bytes: 8 * 1024 * 1024,
};

/// Report PDFs given to `verify`. A report with many photos of evidence is a few MB.
pub const REPORT_PDF: FileKind = FileKind {
    what: "a report PDF",
    max_bytes: 200 * 1024 * 1024,
};

/// Certificates and key files (PEM): a few KB.
pub const CERTIFICATE: FileKind = FileKind {
    what: "a certificate or key file",
    max_bytes: 64 * 1024,
};

/// Bundles of signed records (zip). Ten thousand full inspections with photos fit.
pub const BUNDLE: FileKind = FileKind {
    what: "a bundle of records",
    max_bytes: 2 * 1024 * 1024 * 1024,
};

/// One signed record (JSON) in a sync folder.
pub const RECORD: FileKind = FileKind {
    what: "a signed record",
    max_bytes: 8 * 1024 * 1024,
};

/// Sizes as people read them: "512 bytes", "3.4 MB", "2.0 GB".
pub fn human_size(bytes: u64) -> String {
    const MB: f64 = 1024.0 * 1024.0;
    match bytes {
        b if b < 1024 => format!("{b} bytes"),
        b if b < 1024 * 1024 => format!("{:.1} KB", b as f64 / 1024.0),
        b if b < 1024 * 1024 * 1024 => format!("{:.1} MB", b as f64 / MB),
        b => format!("{:.1} GB", b as f64 / (MB * 1024.0)),
    }
}

fn io_error(path: &Path, e: &std::io::Error) -> AppError {
    use std::io::ErrorKind as K;
    let shown = path.display();
    let message = match e.kind() {
        K::NotFound => format!("there is no file at {shown}"),
        K::PermissionDenied => format!("cannot read {shown}: permission denied"),
        _ => format!("cannot read {shown}: {e}"),
    };
    AppError::new(ErrorCode::Io, message)
}

/// Refuses anything that is not an ordinary file, saying what it is instead.
pub fn ensure_ordinary(path: &Path, meta: &Metadata) -> Result<()> {
    let shown = path.display();
    if meta.is_dir() {
        return Err(AppError::new(
            ErrorCode::Io,
            format!("{shown} is a folder, not a file"),
        ));
    }
    if !meta.is_file() {
        return Err(AppError::new(
            ErrorCode::Io,
            format!(
                "{shown} is not an ordinary file (it is a device, a pipe or a socket); Keyline reads only ordinary files"
            ),
        ));
    }
    Ok(())
}

fn ensure_size(path: &Path, kind: FileKind, len: u64) -> Result<()> {
    if len > kind.max_bytes {
        return Err(AppError::new(
            ErrorCode::InvalidInput,
            format!(
                "{} is {}; {} can be at most {}",
                path.display(),
                human_size(len),
                kind.what,
                human_size(kind.max_bytes)
            ),
        ));
    }
    Ok(())
}

/// Checks, without opening it, that `path` names an ordinary file (following links).
pub fn check_ordinary(path: &Path) -> Result<Metadata> {
    let meta = std::fs::metadata(path).map_err(|e| io_error(path, &e))?;
    ensure_ordinary(path, &meta)?;
    Ok(meta)
}

fn open_without_waiting(path: &Path) -> std::io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

/// Reads a whole file of the given kind, refusing it first if it is not an ordinary file or
/// is larger than the kind allows; never reads more than the limit, even if the file grows.
pub fn read(path: &Path, kind: FileKind) -> Result<Vec<u8>> {
    // The name is checked first so that a pipe is refused without being opened at all.
    let meta = check_ordinary(path)?;
    ensure_size(path, kind, meta.len())?;
    let file = open_without_waiting(path).map_err(|e| io_error(path, &e))?;
    let meta = file.metadata().map_err(|e| io_error(path, &e))?;
    ensure_ordinary(path, &meta)?;
    ensure_size(path, kind, meta.len())?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(kind.max_bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| io_error(path, &e))?;
    ensure_size(path, kind, bytes.len() as u64)?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(human_size(512), "512 bytes");
        assert_eq!(human_size(20 * 1024 * 1024), "20.0 MB");
        assert_eq!(human_size(2 * 1024 * 1024 * 1024), "2.0 GB");
    }
}
