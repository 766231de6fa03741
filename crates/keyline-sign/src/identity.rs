//! Signer identities: a P-256 key with its self-issued certificate, and certificates read
//! back from PEM, DER or a signature.

use std::fmt;

use der::asn1::{Any, BitString, OctetString, SetOfVec};
use der::oid::{AssociatedOid, ObjectIdentifier};
use der::pem::LineEnding;
use der::{Decode, Encode, Tag, Tagged};
use p256::ecdsa::signature::{Signer, Verifier};
use p256::ecdsa::{Signature, SigningKey, VerifyingKey};
use p256::pkcs8::{DecodePrivateKey, DecodePublicKey, EncodePrivateKey, EncodePublicKey};
use rand_core::OsRng;
use sha2::{Digest, Sha256};
use spki::{AlgorithmIdentifierOwned, SubjectPublicKeyInfoOwned};
use x509_cert::attr::AttributeTypeAndValue;
use x509_cert::certificate::{TbsCertificate, Version};
use x509_cert::ext::pkix::{BasicConstraints, KeyUsage, KeyUsages};
use x509_cert::ext::Extension;
use x509_cert::name::{Name, RdnSequence, RelativeDistinguishedName};
use x509_cert::serial_number::SerialNumber;
use x509_cert::time::Validity;
use zeroize::Zeroizing;

use crate::{time, SignError};

/// ecdsa-with-SHA256 (RFC 5758).
pub(crate) const ECDSA_WITH_SHA256: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.2");
const COMMON_NAME: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.4.3");
const ORGANIZATION: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.4.10");

/// The largest certificate Keyline reads, in DER bytes.
const MAX_CERTIFICATE_BYTES: usize = 16 * 1024;
/// The longest name or organisation, in characters.
const MAX_NAME_CHARS: usize = 200;
/// How long a generated certificate is valid for.
const VALIDITY_YEARS: u16 = 10;

/// A signer: an ECDSA P-256 signing key and its self-issued X.509 certificate.
///
/// The key is wiped from memory when the identity is dropped; `Debug` shows only the
/// certificate.
pub struct Identity {
    key: SigningKey,
    key_pem: Zeroizing<String>,
    certificate: Certificate,
}

impl fmt::Debug for Identity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Identity")
            .field("certificate", &self.certificate)
            .finish_non_exhaustive()
    }
}

impl Identity {
    /// A new key pair (from the operating system's random source) and a self-issued
    /// certificate: subject and issuer `CN=<name>, O=<organisation>`, valid from
    /// `not_before` (seconds since 1970) for 10 years, signed with ECDSA-with-SHA256, its
    /// serial number taken from the hash of the public key, `basicConstraints` CA=false and
    /// `keyUsage` digitalSignature and nonRepudiation.
    ///
    /// Names are trimmed and must be non-blank, at most 200 characters and free of control
    /// characters.
    pub fn generate(
        name: &str,
        organisation: &str,
        not_before: i64,
    ) -> Result<Identity, SignError> {
        let name = checked_name("name", name)?;
        let organisation = checked_name("organisation", organisation)?;
        let not_after = time::add_years(not_before, VALIDITY_YEARS)?;
        let key = SigningKey::random(&mut OsRng);
        let der = self_issued_certificate(&key, name, organisation, not_before, not_after)?;
        let certificate = Certificate::from_der(&der)?;
        Identity::new(key, certificate)
    }

    /// An identity from its private key (PKCS#8 PEM) and certificate (PEM). Refused when
    /// the key is not the certificate's.
    pub fn from_pem(key_pem: &str, cert_pem: &str) -> Result<Identity, SignError> {
        let key = SigningKey::from_pkcs8_pem(key_pem)
            .map_err(|e| SignError::InvalidKey(e.to_string()))?;
        let certificate = Certificate::from_pem(cert_pem)?;
        Identity::new(key, certificate)
    }

    fn new(key: SigningKey, certificate: Certificate) -> Result<Identity, SignError> {
        if key.verifying_key() != &certificate.key {
            return Err(SignError::KeyDoesNotMatchCertificate);
        }
        let key_pem = key
            .to_pkcs8_pem(LineEnding::LF)
            .map_err(|e| SignError::InvalidKey(e.to_string()))?;
        Ok(Identity {
            key,
            key_pem,
            certificate,
        })
    }

    /// The private key as PKCS#8 PEM, wiped from memory when dropped.
    pub fn key_pem(&self) -> Zeroizing<String> {
        self.key_pem.clone()
    }

    /// The signer's certificate.
    pub fn certificate(&self) -> &Certificate {
        &self.certificate
    }

    /// An ECDSA P-256 / SHA-256 signature over `message`, deterministic (RFC 6979: the same
    /// message always gives the same signature), DER-encoded.
    pub fn sign(&self, message: &[u8]) -> Vec<u8> {
        let signature: Signature = self.key.sign(message);
        signature.to_der().as_bytes().to_vec()
    }
}

/// An X.509 certificate with an ECDSA P-256 key, signed with ECDSA-with-SHA256.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Certificate {
    der: Vec<u8>,
    pem: String,
    pub(crate) parsed: x509_cert::Certificate,
    key: VerifyingKey,
    name: String,
    organisation: String,
    not_before: i64,
    not_after: i64,
}

impl Certificate {
    /// Reads a DER certificate. Refused when larger than 16 KB, when its key is not an
    /// ECDSA P-256 key, when it is not signed with ECDSA-with-SHA256, or when it has no
    /// common name (CN).
    pub fn from_der(der: &[u8]) -> Result<Certificate, SignError> {
        let invalid = |problem: &str| SignError::InvalidCertificate(problem.to_owned());
        if der.len() > MAX_CERTIFICATE_BYTES {
            return Err(invalid("it is larger than 16 KB"));
        }
        let parsed = x509_cert::Certificate::from_der(der).map_err(|e| {
            SignError::InvalidCertificate(format!("it is not an X.509 certificate ({e})"))
        })?;
        let tbs = &parsed.tbs_certificate;
        if parsed.signature_algorithm.oid != ECDSA_WITH_SHA256
            || tbs.signature.oid != ECDSA_WITH_SHA256
        {
            return Err(invalid("it is not signed with ECDSA-with-SHA256"));
        }
        let spki_der = tbs
            .subject_public_key_info
            .to_der()
            .map_err(|e| SignError::InvalidCertificate(e.to_string()))?;
        let key = VerifyingKey::from_public_key_der(&spki_der)
            .map_err(|_| invalid("its key is not an ECDSA P-256 key"))?;
        let name = attribute(&tbs.subject, COMMON_NAME)?
            .filter(|n| !n.trim().is_empty())
            .ok_or_else(|| invalid("it has no common name (CN) for the signer"))?;
        let organisation = attribute(&tbs.subject, ORGANIZATION)?.unwrap_or_default();
        let pem = der::pem::encode_string("CERTIFICATE", LineEnding::LF, der)
            .map_err(|e| SignError::InvalidCertificate(e.to_string()))?;
        Ok(Certificate {
            der: der.to_vec(),
            pem,
            not_before: time::unix(tbs.validity.not_before),
            not_after: time::unix(tbs.validity.not_after),
            parsed,
            key,
            name,
            organisation,
        })
    }

    /// Reads a PEM certificate (`-----BEGIN CERTIFICATE-----`), with the limits of
    /// [`Certificate::from_der`].
    pub fn from_pem(pem: &str) -> Result<Certificate, SignError> {
        if pem.len() > 2 * MAX_CERTIFICATE_BYTES {
            return Err(SignError::InvalidCertificate(
                "it is larger than 16 KB".to_owned(),
            ));
        }
        let (label, der) = der::pem::decode_vec(pem.as_bytes())
            .map_err(|e| SignError::InvalidCertificate(format!("it is not PEM ({e})")))?;
        if label != "CERTIFICATE" {
            return Err(SignError::InvalidCertificate(format!(
                "the PEM holds a {label}, not a CERTIFICATE"
            )));
        }
        Certificate::from_der(&der)
    }

    /// The certificate's DER bytes.
    pub fn der(&self) -> &[u8] {
        &self.der
    }

    /// The certificate as PEM (`-----BEGIN CERTIFICATE-----`, LF line endings).
    pub fn to_pem(&self) -> String {
        self.pem.clone()
    }

    /// The signer's name: the subject's common name (CN).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The signer's organisation: the subject's O, or "" if it has none.
    pub fn organisation(&self) -> &str {
        &self.organisation
    }

    /// The SHA-256 of the DER bytes, as lowercase hex: how a signer is recognised.
    pub fn fingerprint(&self) -> String {
        hex::encode(Sha256::digest(&self.der))
    }

    /// The start of the validity period, in seconds since 1970.
    pub fn not_before(&self) -> i64 {
        self.not_before
    }

    /// The end of the validity period, in seconds since 1970.
    pub fn not_after(&self) -> i64 {
        self.not_after
    }

    /// Checks a DER-encoded ECDSA-with-SHA256 signature over `message` with this
    /// certificate's public key.
    pub fn verify(&self, message: &[u8], signature_der: &[u8]) -> Result<(), SignError> {
        let signature =
            Signature::from_der(signature_der).map_err(|_| SignError::MalformedSignature)?;
        self.key
            .verify(message, &signature)
            .map_err(|_| SignError::SignatureMismatch)
    }
}

/// The trimmed name, or why it cannot be used.
fn checked_name<'a>(field: &'static str, value: &'a str) -> Result<&'a str, SignError> {
    let value = value.trim();
    let problem = if value.is_empty() {
        "is blank"
    } else if value.chars().count() > MAX_NAME_CHARS {
        "is too long (more than 200 characters)"
    } else if value.chars().any(char::is_control) {
        "contains control characters"
    } else {
        return Ok(value);
    };
    Err(SignError::InvalidName { field, problem })
}

/// The first value of attribute `oid` in `name`, if it has one.
fn attribute(name: &Name, oid: ObjectIdentifier) -> Result<Option<String>, SignError> {
    let found = name
        .0
        .iter()
        .flat_map(|rdn| rdn.0.iter())
        .find(|atv| atv.oid == oid);
    let Some(atv) = found else {
        return Ok(None);
    };
    let bytes = atv.value.value();
    let text = match atv.value.tag() {
        Tag::Utf8String | Tag::PrintableString | Tag::Ia5String => {
            std::str::from_utf8(bytes).ok().map(str::to_owned)
        }
        Tag::BmpString => {
            let units: Vec<u16> = bytes
                .chunks_exact(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect();
            String::from_utf16(&units).ok()
        }
        _ => None,
    };
    text.map(Some).ok_or_else(|| {
        SignError::InvalidCertificate("a name in it is not readable text".to_owned())
    })
}

fn der_problem(e: der::Error) -> SignError {
    SignError::InvalidCertificate(format!("it could not be encoded ({e})"))
}

/// `CN=<name>, O=<organisation>` (most significant first: O, then CN), as UTF8Strings.
fn distinguished_name(name: &str, organisation: &str) -> Result<Name, SignError> {
    let rdn =
        |oid: ObjectIdentifier, value: &str| -> Result<RelativeDistinguishedName, SignError> {
            let value = Any::new(Tag::Utf8String, value.as_bytes()).map_err(der_problem)?;
            let set = SetOfVec::try_from(vec![AttributeTypeAndValue { oid, value }])
                .map_err(der_problem)?;
            Ok(RelativeDistinguishedName(set))
        };
    Ok(RdnSequence(vec![
        rdn(ORGANIZATION, organisation)?,
        rdn(COMMON_NAME, name)?,
    ]))
}

/// The DER of a certificate for `key`, issued by itself.
fn self_issued_certificate(
    key: &SigningKey,
    name: &str,
    organisation: &str,
    not_before: i64,
    not_after: i64,
) -> Result<Vec<u8>, SignError> {
    let public = key.verifying_key();
    let spki_der = public
        .to_public_key_der()
        .map_err(|e| SignError::InvalidKey(e.to_string()))?;
    let spki = SubjectPublicKeyInfoOwned::from_der(spki_der.as_bytes()).map_err(der_problem)?;

    let hash = Sha256::digest(public.to_encoded_point(false).as_bytes());
    let mut serial = [0u8; 16];
    serial.copy_from_slice(&hash[..16]);
    serial[0] = (serial[0] & 0x7f) | 0x40; // positive, and always 16 bytes long
    let serial_number = SerialNumber::new(&serial).map_err(der_problem)?;

    let algorithm = AlgorithmIdentifierOwned {
        oid: ECDSA_WITH_SHA256,
        parameters: None,
    };
    let subject = distinguished_name(name, organisation)?;
    let extension = |extn_id, value: Vec<u8>| -> Result<Extension, SignError> {
        Ok(Extension {
            extn_id,
            critical: true,
            extn_value: OctetString::new(value).map_err(der_problem)?,
        })
    };
    let basic = BasicConstraints {
        ca: false,
        path_len_constraint: None,
    };
    let usage = KeyUsage(KeyUsages::DigitalSignature | KeyUsages::NonRepudiation);
    let extensions = vec![
        extension(BasicConstraints::OID, basic.to_der().map_err(der_problem)?)?,
        extension(KeyUsage::OID, usage.to_der().map_err(der_problem)?)?,
    ];

    let tbs = TbsCertificate {
        version: Version::V3,
        serial_number,
        signature: algorithm.clone(),
        issuer: subject.clone(),
        validity: Validity {
            not_before: time::asn1_time(not_before)?,
            not_after: time::asn1_time(not_after)?,
        },
        subject,
        subject_public_key_info: spki,
        issuer_unique_id: None,
        subject_unique_id: None,
        extensions: Some(extensions),
    };
    let tbs_der = tbs.to_der().map_err(der_problem)?;
    let signature: Signature = key.sign(&tbs_der);
    let certificate = x509_cert::Certificate {
        tbs_certificate: tbs,
        signature_algorithm: algorithm,
        signature: BitString::from_bytes(signature.to_der().as_bytes()).map_err(der_problem)?,
    };
    certificate.to_der().map_err(der_problem)
}
