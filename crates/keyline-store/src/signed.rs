//! Signed records: the record sign-off signed, its signature and signer's certificate, and
//! the signed report PDF, kept beside the sealed rows they were made from. Written once, in
//! the sign-off's (or the import's) transaction, and never changed (migration 06).

use rusqlite::{params, OptionalExtension};

use crate::{sha256_hex, Change, Result, Store, Writer};

/// Where a signed record was signed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// Signed off in this database.
    SignedHere,
    /// Imported from a bundle, a report or a sync folder.
    Imported,
}

impl Origin {
    pub fn as_str(self) -> &'static str {
        match self {
            Origin::SignedHere => "signed-here",
            Origin::Imported => "imported",
        }
    }

    fn parse(s: &str) -> Origin {
        if s == "imported" {
            Origin::Imported
        } else {
            Origin::SignedHere
        }
    }
}

/// A signed record to keep.
#[derive(Debug, Clone, Copy)]
pub struct NewSignedRecord<'a> {
    pub uid: &'a str,
    /// The exact bytes that were signed.
    pub record: &'a [u8],
    pub signature: &'a [u8],
    /// The signer's certificate, DER.
    pub certificate: &'a [u8],
    pub signer_name: &'a str,
    pub signer_organisation: &'a str,
    /// SHA-256 of the certificate, hex.
    pub signer_fingerprint: &'a str,
    pub report_pdf: Option<&'a [u8]>,
    pub origin: Origin,
    /// The file it was imported from (its name only).
    pub imported_from: Option<&'a str>,
}

/// A kept signed record, whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredSignedRecord {
    pub inspection_id: i64,
    pub uid: String,
    pub record: Vec<u8>,
    pub record_sha256: String,
    pub signature: Vec<u8>,
    pub certificate: Vec<u8>,
    pub signer_name: String,
    pub signer_organisation: String,
    pub signer_fingerprint: String,
    pub report_pdf: Option<Vec<u8>>,
    pub origin: Origin,
    pub imported_from: Option<String>,
    pub stored_at: String,
}

/// A kept signed record without its bytes, for lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedRecordSummary {
    pub inspection_id: i64,
    pub uid: String,
    pub record_sha256: String,
    pub signer_name: String,
    pub signer_organisation: String,
    pub signer_fingerprint: String,
    pub origin: Origin,
    pub imported_from: Option<String>,
    pub stored_at: String,
    /// When the inspection was signed off (the sign-off's time).
    pub signed_at: String,
    pub template_id: String,
}

/// What the audit trail follows of a signed record: the record's hash, who signed it and
/// where it came from (the record itself is checked against its signature).
pub(crate) const FOLLOWED_SQL: &str = "SELECT inspection_id, uid, 'signed',
        json_array(record_sha256, signer_fingerprint, origin, imported_from,
                   length(signature), length(certificate), length(report_pdf))
        FROM signed_record";

fn followed(w: &Writer<'_>, inspection_id: i64) -> Result<Option<String>> {
    Ok(crate::row(
        w.tx,
        "SELECT json_array(record_sha256, signer_fingerprint, origin, imported_from,
                               length(signature), length(certificate), length(report_pdf))
             FROM signed_record WHERE inspection_id = ?1",
        [inspection_id],
        |r| r.get(0),
    )
    .optional()?)
}

pub(crate) fn insert(w: &Writer<'_>, inspection_id: i64, new: &NewSignedRecord<'_>) -> Result<()> {
    crate::exec(
        w.tx,
        "INSERT INTO signed_record (inspection_id, uid, record, record_sha256, signature,
                                    certificate, signer_name, signer_organisation,
                                    signer_fingerprint, report_pdf, origin, imported_from)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        params![
            inspection_id,
            new.uid,
            new.record,
            sha256_hex(new.record),
            new.signature,
            new.certificate,
            new.signer_name,
            new.signer_organisation,
            new.signer_fingerprint,
            new.report_pdf,
            new.origin.as_str(),
            new.imported_from,
        ],
    )?;
    w.audit(Change {
        inspection_id: Some(inspection_id),
        entity: "signed-record",
        key: new.uid,
        field: "signed",
        old: None,
        new: followed(w, inspection_id)?,
    })?;
    Ok(())
}

const COLUMNS: &str = "inspection_id, uid, record, record_sha256, signature, certificate,
    signer_name, signer_organisation, signer_fingerprint, report_pdf, origin, imported_from,
    stored_at";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<StoredSignedRecord> {
    Ok(StoredSignedRecord {
        inspection_id: r.get(0)?,
        uid: r.get(1)?,
        record: r.get(2)?,
        record_sha256: r.get(3)?,
        signature: r.get(4)?,
        certificate: r.get(5)?,
        signer_name: r.get(6)?,
        signer_organisation: r.get(7)?,
        signer_fingerprint: r.get(8)?,
        report_pdf: r.get(9)?,
        origin: Origin::parse(&r.get::<_, String>(10)?),
        imported_from: r.get(11)?,
        stored_at: r.get(12)?,
    })
}

impl Store {
    /// The signed record of an inspection, if it has one (sign-offs before schema 6 do not).
    pub fn signed_record(&self, inspection_id: i64) -> Result<Option<StoredSignedRecord>> {
        Ok(crate::row(
            &self.conn,
            &format!("SELECT {COLUMNS} FROM signed_record WHERE inspection_id = ?1"),
            [inspection_id],
            row,
        )
        .optional()?)
    }

    /// The signed record with this global id, if this database holds it.
    pub fn signed_record_by_uid(&self, uid: &str) -> Result<Option<StoredSignedRecord>> {
        Ok(crate::row(
            &self.conn,
            &format!("SELECT {COLUMNS} FROM signed_record WHERE uid = ?1"),
            [uid],
            row,
        )
        .optional()?)
    }

    /// Every signed record, oldest sign-off first, without their bytes.
    pub fn signed_records(&self) -> Result<Vec<SignedRecordSummary>> {
        self.signed_record_summaries(None)
    }

    /// One inspection's signed record without its bytes, if it has one.
    pub fn signed_record_summary(&self, inspection_id: i64) -> Result<Option<SignedRecordSummary>> {
        Ok(self.signed_record_summaries(Some(inspection_id))?.pop())
    }

    fn signed_record_summaries(
        &self,
        inspection_id: Option<i64>,
    ) -> Result<Vec<SignedRecordSummary>> {
        // One record is found by its key (`?1 IS NULL OR ...` would read them all).
        let filter = if inspection_id.is_some() {
            "r.inspection_id = ?1"
        } else {
            "?1 IS NULL"
        };
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT r.inspection_id, r.uid, r.record_sha256, r.signer_name, r.signer_organisation,
                    r.signer_fingerprint, r.origin, r.imported_from, r.stored_at, s.signed_at,
                    i.template_id
             FROM signed_record r
             JOIN sign_off s ON s.inspection_id = r.inspection_id
             JOIN inspection i ON i.id = r.inspection_id
             WHERE {filter}
             ORDER BY s.signed_at, r.uid"
        ))?;
        let rows = stmt.query_map([inspection_id], |r| {
            Ok(SignedRecordSummary {
                inspection_id: r.get(0)?,
                uid: r.get(1)?,
                record_sha256: r.get(2)?,
                signer_name: r.get(3)?,
                signer_organisation: r.get(4)?,
                signer_fingerprint: r.get(5)?,
                origin: Origin::parse(&r.get::<_, String>(6)?),
                imported_from: r.get(7)?,
                stored_at: r.get(8)?,
                signed_at: r.get(9)?,
                template_id: r.get(10)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// The global ids of every signed record held here.
    pub fn signed_record_uids(&self) -> Result<std::collections::BTreeSet<String>> {
        let mut stmt = self.conn.prepare("SELECT uid FROM signed_record")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

impl Store {
    /// A setting of this database, if set.
    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        Ok(crate::row(
            &self.conn,
            "SELECT value FROM setting WHERE key = ?1",
            [key],
            |r| r.get(0),
        )
        .optional()?)
    }

    /// Sets (or, with `None`, clears) a setting of this database.
    pub fn set_setting(&mut self, key: &str, value: Option<&str>) -> Result<()> {
        self.write(|w| {
            match value {
                Some(v) => crate::exec(
                    w.tx,
                    "INSERT INTO setting (key, value) VALUES (?1, ?2)
                     ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    params![key, v],
                )?,
                None => crate::exec(w.tx, "DELETE FROM setting WHERE key = ?1", [key])?,
            };
            Ok(())
        })
    }
}
