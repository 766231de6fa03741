//! The one error type of this crate, with messages written for the people who read them.

/// Why a key, certificate, signature or signed PDF was refused.
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
pub enum SignError {
    /// A signer's name or organisation is blank, too long or holds control characters.
    #[error("the signer's {field} {problem}")]
    InvalidName {
        /// "name" or "organisation".
        field: &'static str,
        /// What is wrong, e.g. "is blank".
        problem: &'static str,
    },
    /// A time is outside what a certificate or signature can hold.
    #[error("the time {0} (seconds since 1970) cannot be used: it must be between 1970 and 9989")]
    InvalidTime(i64),
    /// The private key could not be read.
    #[error("the private key could not be read: it must be a P-256 key in PKCS#8 PEM form ({0})")]
    InvalidKey(String),
    /// The certificate could not be read or is of a kind Keyline does not use.
    #[error("the certificate could not be read: {0}")]
    InvalidCertificate(String),
    /// The private key and the certificate are not a pair.
    #[error("the private key does not belong to the certificate")]
    KeyDoesNotMatchCertificate,
    /// The bytes given as a signature are not a DER-encoded ECDSA signature.
    #[error("the signature could not be read: it is not a DER-encoded ECDSA signature")]
    MalformedSignature,
    /// The signature does not verify.
    #[error("the signature does not match: the data was changed after signing, or signed by another key")]
    SignatureMismatch,
    /// An attachment cannot be embedded.
    #[error("the attachment {name:?} cannot be embedded: {problem}")]
    InvalidAttachment {
        /// The attachment's file name.
        name: String,
        /// What is wrong with it.
        problem: String,
    },
    /// The reason or location text cannot be used.
    #[error("the signature's {field} {problem}")]
    InvalidInfo {
        /// "reason" or "location".
        field: &'static str,
        /// What is wrong, e.g. "is too long (more than 1000 characters)".
        problem: &'static str,
    },
    /// The PDF could not be read or is not one Keyline can sign.
    #[error("the PDF could not be read: {0}")]
    Pdf(String),
    /// The PDF's signature is malformed, oversized or inconsistent.
    #[error("the PDF's signature could not be read: {0}")]
    InvalidPdfSignature(String),
    /// The CMS signature inside the PDF is malformed or of a kind Keyline does not write.
    #[error("the PDF's signature data (CMS) could not be read: {0}")]
    InvalidCms(String),
}
