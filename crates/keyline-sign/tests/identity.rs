//! Identities and certificates: generation, PEM round trips, signatures and their refusals.

use keyline_sign::{Certificate, Identity, SignError};

/// 2025-06-13 16:20:00 UTC.
const SIGN_OFF: i64 = 1_749_831_600;

fn identity() -> Identity {
    Identity::generate(
        "  Siân Llewellyn-Jones ",
        "Example NHS Foundation Trust",
        SIGN_OFF,
    )
    .expect("an identity is made")
}

#[test]
fn a_generated_certificate_names_the_signer_and_runs_for_ten_years() {
    let id = identity();
    let cert = id.certificate();
    assert_eq!(cert.name(), "Siân Llewellyn-Jones");
    assert_eq!(cert.organisation(), "Example NHS Foundation Trust");
    assert_eq!(cert.not_before(), SIGN_OFF);
    // 2035-06-13 16:20:00 UTC
    assert_eq!(cert.not_after(), 2_065_364_400);
    assert_eq!(cert.fingerprint().len(), 64);
    assert!(cert
        .fingerprint()
        .chars()
        .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
    assert!(cert.to_pem().starts_with("-----BEGIN CERTIFICATE-----\n"));
}

#[test]
fn a_certificate_has_the_promised_fields_when_read_by_openssl() {
    let id = identity();
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("cert.pem");
    std::fs::write(&path, id.certificate().to_pem()).expect("written");
    let Ok(out) = std::process::Command::new("openssl")
        .args(["x509", "-noout", "-text", "-nameopt", "utf8", "-in"])
        .arg(&path)
        .output()
    else {
        eprintln!(
            "note: openssl is not installed; the certificate's fields were not checked by it"
        );
        return;
    };
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    for expected in [
        "Signature Algorithm: ecdsa-with-SHA256",
        "NIST CURVE: P-256",
        "CA:FALSE",
        "Digital Signature, Non Repudiation",
        "Not Before: Jun 13 16:20:00 2025 GMT",
        "Not After : Jun 13 16:20:00 2035 GMT",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in\n{text}");
    }
    for field in ["Issuer:", "Subject:"] {
        let line = text
            .lines()
            .find(|l| l.trim_start().starts_with(field))
            .expect("the line is there");
        let squeezed: String = line.chars().filter(|c| *c != ' ').collect();
        assert!(
            squeezed.ends_with("O=ExampleNHSFoundationTrust,CN=SiânLlewellyn-Jones"),
            "{line}"
        );
    }
}

#[test]
fn an_identity_survives_a_round_trip_through_pem() {
    let id = identity();
    let again = Identity::from_pem(&id.key_pem(), &id.certificate().to_pem()).expect("reads back");
    assert_eq!(again.certificate(), id.certificate());
    assert_eq!(again.sign(b"report"), id.sign(b"report"));
    let cert = Certificate::from_der(id.certificate().der()).expect("DER reads back");
    assert_eq!(&cert, id.certificate());
}

#[test]
fn a_key_with_another_certificate_is_refused() {
    let (a, b) = (identity(), identity());
    let err = Identity::from_pem(&a.key_pem(), &b.certificate().to_pem()).expect_err("refused");
    assert_eq!(err, SignError::KeyDoesNotMatchCertificate);
}

#[test]
fn a_signature_verifies_and_is_deterministic() {
    let id = identity();
    let sig = id.sign(b"the report");
    assert_eq!(sig, id.sign(b"the report"));
    assert_ne!(sig, id.sign(b"the report."));
    id.certificate()
        .verify(b"the report", &sig)
        .expect("verifies");
}

#[test]
fn a_changed_message_or_another_key_is_refused() {
    let (a, b) = (identity(), identity());
    let sig = a.sign(b"the report");
    let changed = a
        .certificate()
        .verify(b"the report!", &sig)
        .expect_err("refused");
    assert_eq!(changed, SignError::SignatureMismatch);
    assert!(changed
        .to_string()
        .contains("the data was changed after signing"));
    let other = b
        .certificate()
        .verify(b"the report", &sig)
        .expect_err("refused");
    assert_eq!(other, SignError::SignatureMismatch);
    let garbage = a
        .certificate()
        .verify(b"the report", b"not a signature")
        .expect_err("refused");
    assert_eq!(garbage, SignError::MalformedSignature);
}

#[test]
fn names_are_checked() {
    let check = |name: &str, org: &str, field: &str| {
        let err = Identity::generate(name, org, SIGN_OFF).expect_err("refused");
        assert!(
            matches!(err, SignError::InvalidName { field: f, .. } if f == field),
            "{err}"
        );
    };
    check("   ", "Trust", "name");
    check("Ann", "", "organisation");
    check(&"a".repeat(201), "Trust", "name");
    check("Ann\u{7}", "Trust", "name");
    Identity::generate(&"ŵ".repeat(200), "T", SIGN_OFF).expect("200 characters are allowed");
    assert!(matches!(
        Identity::generate("Ann", "Trust", -1),
        Err(SignError::InvalidTime(-1))
    ));
}

#[test]
fn a_certificate_after_2049_uses_generalized_time() {
    // 2045-01-01: the certificate ends in 2055, past UTCTime's range.
    let id = Identity::generate("Ann", "Trust", 2_366_841_600).expect("made");
    let cert = Certificate::from_pem(&id.certificate().to_pem()).expect("reads back");
    assert_eq!(cert.not_after(), 2_682_374_400);
}

#[test]
fn certificates_that_are_not_p256_or_too_large_are_refused() {
    let big = vec![0x30u8; 16 * 1024 + 1];
    assert!(Certificate::from_der(&big)
        .expect_err("refused")
        .to_string()
        .contains("16 KB"));
    assert!(matches!(
        Certificate::from_der(b"\x30\x03\x02\x01\x01"),
        Err(SignError::InvalidCertificate(_))
    ));
    assert!(Certificate::from_pem(
        "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"
    )
    .is_err());
    // An Ed25519 certificate (made by openssl, if installed) is refused as not P-256.
    let dir = tempfile::tempdir().expect("temp dir");
    let (key, cert) = (dir.path().join("k.pem"), dir.path().join("c.pem"));
    let made = std::process::Command::new("openssl")
        .args([
            "req", "-x509", "-newkey", "ed25519", "-nodes", "-subj", "/CN=Ann", "-days", "1",
            "-keyout",
        ])
        .arg(&key)
        .arg("-out")
        .arg(&cert)
        .output();
    match made {
        Ok(out) if out.status.success() => {
            let pem = std::fs::read_to_string(&cert).expect("read");
            let err = Certificate::from_pem(&pem).expect_err("refused");
            assert!(matches!(err, SignError::InvalidCertificate(_)), "{err}");
        }
        _ => eprintln!(
            "note: openssl could not make an Ed25519 certificate; that case was not checked"
        ),
    }
}
