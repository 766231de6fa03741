//! Keyline's signatures: who signed a report, and proof that the report and its data are
//! exactly what they signed.
//!
//! # Identities
//! A signer is an [`Identity`]: an ECDSA P-256 key and a self-issued X.509 certificate
//! naming the person (CN) and their organisation (O). Certificates are not issued by any
//! authority: a verifier knows a signer by the certificate's [`Certificate::fingerprint`],
//! which Keyline records at sign-off.
//!
//! # Signed PDFs
//! A signed report ([`pdf::sign`]) is the report exactly as rendered, followed by one
//! incremental update that adds:
//! - the **attachments** (the data the report was made from) as embedded files, listed in
//!   the catalog's `/Names /EmbeddedFiles` name tree and in the catalog's `/AF` array
//!   (`/AFRelationship /Data`, as PDF/A-3 does), stored uncompressed;
//! - an invisible signature field ("Keyline signature", a widget with `/Rect [0 0 0 0]`
//!   on page 1, `/SigFlags 3`);
//! - the signature dictionary (`/SubFilter /adbe.pkcs7.detached`), whose `/Contents` holds a
//!   detached CMS SignedData over every byte of the file except the `/Contents` value itself
//!   (the `/ByteRange`), so the rendered report, the attachments, the signer's name, the
//!   reason, the place and the time are all covered.
//!
//! # Why deterministic
//! [`pdf::prepare`] gives the same bytes for the same inputs, and ECDSA signatures are
//! deterministic (RFC 6979). So a verifier that holds only the signed file can
//! [`pdf::read`] it (check the signature, take the embedded data out), render the report
//! again from that data, [`pdf::prepare`] it again, and compare bytes with
//! [`pdf::SignedPdf::unfilled`]: equal bytes prove the visible report says what the data says.
//!
//! Nothing here does cryptography by hand: keys, signatures, certificates and CMS come from
//! the RustCrypto crates (`p256`, `ecdsa`, `x509-cert`, `cms`, `sha2`).

mod cms_data;
mod error;
mod identity;
pub mod pdf;
mod time;

pub use error::SignError;
pub use identity::{Certificate, Identity};
