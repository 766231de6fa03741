//! Signing identities and the trusted list, kept in the user's own Keyline folder, never in
//! a database: a database travels (backups, bundles), a private key must not.
//!
//! ```text
//! <home>/identity/key.pem           the private key (PKCS#8), readable by its owner only
//! <home>/identity/certificate.pem   the self-issued certificate: name and organisation
//! <home>/trusted/<sha256>.pem       certificates whose signatures this user trusts
//! ```
//!
//! `<home>` is `$KEYLINE_HOME`, else the per-user application-data folder.

use std::io::Write;
use std::path::{Path, PathBuf};

use keyline_sign::{Certificate, Identity};
use keyline_store::Store;

use crate::files;
use crate::{AppError, ErrorCode, Result};

/// The environment variable that names the folder holding the identity and trusted list.
pub const HOME_ENV: &str = "KEYLINE_HOME";

/// How far a signer is trusted here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "kebab-case")]
pub enum Trust {
    /// The signer is this user.
    Yours,
    /// The signer's certificate is in the trusted list.
    Trusted,
    /// Neither: the signature is sound but nobody here has said whose key it is.
    Unknown,
}

impl Trust {
    pub fn label(self) -> &'static str {
        match self {
            Trust::Yours => "you",
            Trust::Trusted => "a trusted signer",
            Trust::Unknown => "an unknown signer (not in your trusted list)",
        }
    }
}

/// The user's Keyline folder: their identity and trusted list.
#[derive(Debug, Clone)]
pub struct Home {
    dir: PathBuf,
}

fn io_error(what: &str, path: &Path, e: std::io::Error) -> AppError {
    AppError::new(
        ErrorCode::Io,
        format!("cannot {what} {}: {e}", path.display()),
    )
}

fn sign_error(e: keyline_sign::SignError) -> AppError {
    AppError::new(ErrorCode::InvalidInput, e.to_string())
}

impl Home {
    /// `explicit`, else `$KEYLINE_HOME`, else the per-user application-data folder (made,
    /// owner-only, on first use).
    pub fn locate(explicit: Option<PathBuf>) -> Result<Home> {
        if let Some(dir) = explicit {
            return Ok(Home { dir });
        }
        if let Some(dir) = std::env::var_os(HOME_ENV).filter(|v| !v.is_empty()) {
            return Ok(Home {
                dir: PathBuf::from(dir),
            });
        }
        let dirs = directories::ProjectDirs::from("uk.nhs", "Keyline", "Keyline").ok_or_else(|| {
            AppError::new(
                ErrorCode::Io,
                format!("cannot find your home folder to keep your signing identity in; set {HOME_ENV}=/path/to/a/folder"),
            )
        })?;
        Ok(Home {
            dir: dirs.data_dir().to_path_buf(),
        })
    }

    pub fn at(dir: impl Into<PathBuf>) -> Home {
        Home { dir: dir.into() }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn identity_dir(&self) -> PathBuf {
        self.dir.join("identity")
    }

    fn trusted_dir(&self) -> PathBuf {
        self.dir.join("trusted")
    }

    /// This user's signing identity, if they have made one.
    pub fn identity(&self) -> Result<Option<Identity>> {
        let key = self.identity_dir().join("key.pem");
        let cert = self.identity_dir().join("certificate.pem");
        if !key.exists() && !cert.exists() {
            return Ok(None);
        }
        let read = |p: &Path| -> Result<String> {
            let bytes = files::read(p, files::CERTIFICATE)?;
            String::from_utf8(bytes).map_err(|_| {
                AppError::new(
                    ErrorCode::InvalidInput,
                    format!("{} is not a PEM file", p.display()),
                )
            })
        };
        let identity = Identity::from_pem(&read(&key)?, &read(&cert)?).map_err(|e| {
            AppError::new(
                ErrorCode::InvalidInput,
                format!(
                    "your signing identity in {} cannot be used: {e}",
                    self.identity_dir().display()
                ),
            )
        })?;
        Ok(Some(identity))
    }

    /// Makes this user's signing identity: a new key pair and a certificate naming them.
    /// An identity already made is never replaced (its signatures would no longer be theirs).
    pub fn create_identity(&self, name: &str, organisation: &str, now: i64) -> Result<Identity> {
        if let Some(existing) = self.identity()? {
            let c = existing.certificate();
            return Err(AppError::new(
                ErrorCode::Conflict,
                format!(
                    "you already have a signing identity ({}, {}; certificate {}); Keyline never replaces it",
                    c.name(),
                    c.organisation(),
                    short(&c.fingerprint())
                ),
            ));
        }
        let identity = Identity::generate(name, organisation, now).map_err(sign_error)?;
        Store::create_private_folder(&self.dir)?;
        let dir = self.identity_dir();
        Store::create_private_folder(&dir)?;
        // The certificate first: a key without its certificate is refused on reading, and
        // a certificate without its key gets a clear message too.
        write_new(
            &dir.join("certificate.pem"),
            identity.certificate().to_pem().as_bytes(),
        )?;
        write_new(&dir.join("key.pem"), identity.key_pem().as_bytes())?;
        Ok(identity)
    }

    /// The certificates in the trusted list, by name.
    pub fn trusted(&self) -> Result<Vec<Certificate>> {
        let dir = self.trusted_dir();
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(io_error("read the trusted list in", &dir, e)),
        };
        let mut out = Vec::new();
        for entry in entries {
            let path = entry.map_err(|e| io_error("read", &dir, e))?.path();
            if path.extension().is_some_and(|e| e == "pem") {
                out.push(read_certificate(&path)?);
            }
        }
        out.sort_by(|a, b| (a.name(), a.organisation()).cmp(&(b.name(), b.organisation())));
        Ok(out)
    }

    /// Adds a certificate to the trusted list; `false` if it was there already.
    pub fn trust(&self, cert: &Certificate) -> Result<bool> {
        let dir = self.trusted_dir();
        Store::create_private_folder(&self.dir)?;
        Store::create_private_folder(&dir)?;
        let path = dir.join(format!("{}.pem", cert.fingerprint()));
        if path.exists() {
            return Ok(false);
        }
        write_new(&path, cert.to_pem().as_bytes())?;
        Ok(true)
    }

    /// Removes the trusted certificate whose fingerprint starts with `prefix` (8 or more
    /// hex digits); returns it.
    pub fn untrust(&self, prefix: &str) -> Result<Certificate> {
        let prefix = prefix.trim().to_ascii_lowercase();
        if prefix.len() < 8 || !prefix.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(AppError::new(
                ErrorCode::InvalidInput,
                "name the certificate by its fingerprint (at least its first 8 hex digits), as `keyline trust list` shows it",
            ));
        }
        let matching: Vec<Certificate> = self
            .trusted()?
            .into_iter()
            .filter(|c| c.fingerprint().starts_with(&prefix))
            .collect();
        match matching.as_slice() {
            [] => Err(AppError::new(
                ErrorCode::NotFound,
                format!("no trusted certificate has a fingerprint starting {prefix}"),
            )),
            [one] => {
                let path = self
                    .trusted_dir()
                    .join(format!("{}.pem", one.fingerprint()));
                std::fs::remove_file(&path).map_err(|e| io_error("remove", &path, e))?;
                Ok(one.clone())
            }
            many => Err(AppError::new(
                ErrorCode::InvalidInput,
                format!(
                    "{} trusted certificates have fingerprints starting {prefix}; give more digits",
                    many.len()
                ),
            )),
        }
    }

    /// How far the holder of `cert` is trusted here.
    pub fn trust_of(&self, cert: &Certificate) -> Result<Trust> {
        if self
            .identity()?
            .is_some_and(|me| me.certificate().fingerprint() == cert.fingerprint())
        {
            return Ok(Trust::Yours);
        }
        let path = self
            .trusted_dir()
            .join(format!("{}.pem", cert.fingerprint()));
        if path.is_file() && read_certificate(&path)?.fingerprint() == cert.fingerprint() {
            return Ok(Trust::Trusted);
        }
        Ok(Trust::Unknown)
    }
}

/// Reads a certificate file (PEM), bounded.
pub fn read_certificate(path: &Path) -> Result<Certificate> {
    let bytes = files::read(path, files::CERTIFICATE)?;
    let text = String::from_utf8(bytes).map_err(|_| {
        AppError::new(
            ErrorCode::InvalidInput,
            format!("{} is not a certificate (PEM text)", path.display()),
        )
    })?;
    Certificate::from_pem(&text).map_err(|e| {
        AppError::new(
            ErrorCode::InvalidInput,
            format!(
                "{} is not a Keyline signer's certificate: {e}",
                path.display()
            ),
        )
    })
}

/// The first 16 hex digits of a fingerprint, grouped for reading aloud over the phone.
pub fn short(fingerprint: &str) -> String {
    fingerprint
        .as_bytes()
        .chunks(4)
        .take(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Writes a new file whole, owner-only, never replacing one already there.
fn write_new(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut tmp = tempfile::Builder::new()
        .prefix(".keyline-")
        .tempfile_in(dir)
        .map_err(|e| io_error("write in", dir, e))?;
    tmp.write_all(bytes)
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(|e| io_error("write", path, e))?;
    tmp.persist_noclobber(path).map_err(|e| {
        if e.error.kind() == std::io::ErrorKind::AlreadyExists {
            AppError::new(
                ErrorCode::Conflict,
                format!(
                    "{} already exists; Keyline does not replace it",
                    path.display()
                ),
            )
        } else {
            io_error("write", path, e.error)
        }
    })?;
    Ok(())
}
