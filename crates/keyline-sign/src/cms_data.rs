//! The detached CMS SignedData inside a signed PDF (RFC 5652): made from the digest of the
//! signed bytes, and read back with its signer, digest and time.

use cms::cert::{CertificateChoices, IssuerAndSerialNumber};
use cms::content_info::{CmsVersion, ContentInfo};
use cms::signed_data::{
    CertificateSet, EncapsulatedContentInfo, SignedData, SignerIdentifier, SignerInfo, SignerInfos,
};
use der::asn1::{Any, ObjectIdentifier, OctetString, SetOfVec};
use der::{Decode, Encode, Header, SliceReader};
use spki::AlgorithmIdentifierOwned;
use x509_cert::attr::Attribute;
use x509_cert::time::Time;

use crate::identity::ECDSA_WITH_SHA256;
use crate::{time, Certificate, Identity, SignError};

const ID_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.1");
const ID_SIGNED_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.2");
const ID_CONTENT_TYPE: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.3");
const ID_MESSAGE_DIGEST: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.4");
const ID_SIGNING_TIME: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.5");
const ID_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.1");

/// What a SignedData says, once read.
pub(crate) struct Signed {
    /// The certificate that the signer identifier names.
    pub signer: Certificate,
    /// The signed messageDigest attribute.
    pub message_digest: Vec<u8>,
    /// The signed signingTime attribute, if there is one.
    pub signing_time: Option<i64>,
    /// Whether the signature over the signed attributes verifies with `signer`.
    pub signature_valid: bool,
}

fn encoding(e: der::Error) -> SignError {
    SignError::InvalidCms(e.to_string())
}

fn invalid(problem: &str) -> SignError {
    SignError::InvalidCms(problem.to_owned())
}

fn attribute(oid: ObjectIdentifier, value: Any) -> Result<Attribute, SignError> {
    Ok(Attribute {
        oid,
        values: SetOfVec::try_from(vec![value]).map_err(encoding)?,
    })
}

/// DER of a ContentInfo holding a detached SignedData by `identity` over data whose SHA-256
/// is `digest`: signed attributes contentType (id-data), signingTime and messageDigest, the
/// signer's certificate included, ECDSA-with-SHA256. Deterministic.
pub(crate) fn build(
    identity: &Identity,
    digest: &[u8],
    signing_time: i64,
) -> Result<Vec<u8>, SignError> {
    let cert = &identity.certificate().parsed;
    let sha256 = AlgorithmIdentifierOwned {
        oid: ID_SHA256,
        parameters: None,
    };
    let signed_attrs = SetOfVec::try_from(vec![
        attribute(
            ID_CONTENT_TYPE,
            Any::encode_from(&ID_DATA).map_err(encoding)?,
        )?,
        attribute(
            ID_SIGNING_TIME,
            Any::encode_from(&time::asn1_time(signing_time)?).map_err(encoding)?,
        )?,
        attribute(
            ID_MESSAGE_DIGEST,
            Any::encode_from(&OctetString::new(digest).map_err(encoding)?).map_err(encoding)?,
        )?,
    ])
    .map_err(encoding)?;
    // The signature covers the attributes' DER as a SET OF (RFC 5652 section 5.4).
    let signature = identity.sign(&signed_attrs.to_der().map_err(encoding)?);
    let signer_info = SignerInfo {
        version: CmsVersion::V1,
        sid: SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
            issuer: cert.tbs_certificate.issuer.clone(),
            serial_number: cert.tbs_certificate.serial_number.clone(),
        }),
        digest_alg: sha256.clone(),
        signed_attrs: Some(signed_attrs),
        signature_algorithm: AlgorithmIdentifierOwned {
            oid: ECDSA_WITH_SHA256,
            parameters: None,
        },
        signature: OctetString::new(signature).map_err(encoding)?,
        unsigned_attrs: None,
    };
    let signed_data = SignedData {
        version: CmsVersion::V1,
        digest_algorithms: SetOfVec::try_from(vec![sha256]).map_err(encoding)?,
        encap_content_info: EncapsulatedContentInfo {
            econtent_type: ID_DATA,
            econtent: None,
        },
        certificates: Some(CertificateSet(
            SetOfVec::try_from(vec![CertificateChoices::Certificate(cert.clone())])
                .map_err(encoding)?,
        )),
        crls: None,
        signer_infos: SignerInfos(SetOfVec::try_from(vec![signer_info]).map_err(encoding)?),
    };
    ContentInfo {
        content_type: ID_SIGNED_DATA,
        content: Any::encode_from(&signed_data).map_err(encoding)?,
    }
    .to_der()
    .map_err(encoding)
}

/// Reads a ContentInfo as Keyline writes it: one DER value, then only zero padding.
pub(crate) fn read(bytes: &[u8]) -> Result<Signed, SignError> {
    let mut reader = SliceReader::new(bytes).map_err(encoding)?;
    let header = Header::decode(&mut reader).map_err(encoding)?;
    let total = usize::try_from(
        (header.encoded_len().map_err(encoding)? + header.length).map_err(encoding)?,
    )
    .map_err(encoding)?;
    let (value, padding) = bytes
        .split_at_checked(total)
        .ok_or_else(|| invalid("it is cut short"))?;
    if padding.iter().any(|&b| b != 0) {
        return Err(invalid("there are other bytes after it"));
    }
    let info = ContentInfo::from_der(value).map_err(encoding)?;
    if info.content_type != ID_SIGNED_DATA {
        return Err(invalid("it is not SignedData"));
    }
    let data: SignedData = info.content.decode_as().map_err(encoding)?;
    if data.encap_content_info.econtent_type != ID_DATA
        || data.encap_content_info.econtent.is_some()
    {
        return Err(invalid("it is not a detached signature of data"));
    }
    let mut signers = data.signer_infos.0.iter();
    let (Some(si), None) = (signers.next(), signers.next()) else {
        return Err(invalid("it does not have exactly one signer"));
    };
    if si.digest_alg.oid != ID_SHA256 {
        return Err(invalid("its digest is not SHA-256"));
    }
    if si.signature_algorithm.oid != ECDSA_WITH_SHA256 {
        return Err(invalid("its signature is not ECDSA-with-SHA256"));
    }
    let SignerIdentifier::IssuerAndSerialNumber(id) = &si.sid else {
        return Err(invalid(
            "its signer is not named by issuer and serial number",
        ));
    };
    let cert = data
        .certificates
        .iter()
        .flat_map(|set| set.0.iter())
        .find_map(|choice| match choice {
            CertificateChoices::Certificate(c)
                if c.tbs_certificate.issuer == id.issuer
                    && c.tbs_certificate.serial_number == id.serial_number =>
            {
                Some(c)
            }
            _ => None,
        })
        .ok_or_else(|| invalid("the signer's certificate is not included"))?;
    let signer = Certificate::from_der(&cert.to_der().map_err(encoding)?)?;

    let attrs = si
        .signed_attrs
        .as_ref()
        .ok_or_else(|| invalid("it has no signed attributes"))?;
    let single = |oid: ObjectIdentifier| -> Result<Option<&Any>, SignError> {
        let mut found = attrs.iter().filter(|a| a.oid == oid);
        match (found.next(), found.next()) {
            (None, _) => Ok(None),
            (Some(a), None) if a.values.len() == 1 => Ok(a.values.iter().next()),
            _ => Err(invalid("a signed attribute appears more than once")),
        }
    };
    let content_type: ObjectIdentifier = single(ID_CONTENT_TYPE)?
        .ok_or_else(|| invalid("it has no content type"))?
        .decode_as()
        .map_err(encoding)?;
    if content_type != ID_DATA {
        return Err(invalid("its signed content type is not data"));
    }
    let message_digest: OctetString = single(ID_MESSAGE_DIGEST)?
        .ok_or_else(|| invalid("it has no message digest"))?
        .decode_as()
        .map_err(encoding)?;
    let signing_time = match single(ID_SIGNING_TIME)? {
        Some(any) => Some(time::unix(
            Time::from_der(&any.to_der().map_err(encoding)?).map_err(encoding)?,
        )),
        None => None,
    };
    let signed = attrs.to_der().map_err(encoding)?;
    let signature_valid = signer.verify(&signed, si.signature.as_bytes()).is_ok();
    Ok(Signed {
        signer,
        message_digest: message_digest.as_bytes().to_vec(),
        signing_time,
        signature_valid,
    })
}
