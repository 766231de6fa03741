//! What the governance board reads: the signed-off inspections that stand (an original whose
//! signed-off amendment replaces it is left out), each with its kept score digest.

use rusqlite::params;

use crate::{Result, Store};

/// A signed-off inspection as the board reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SealedInspection {
    pub id: i64,
    pub template_id: String,
    pub template_version: String,
    pub service: String,
    pub site: String,
    pub trust: String,
    pub kind: String,
    pub date: String,
    /// The kept digest's JSON in the format asked for, when there is one.
    pub digest: Option<String>,
}

impl Store {
    /// Every signed-off inspection that no signed-off amendment replaces, oldest first, with
    /// its kept digest of `format` where one is kept.
    pub fn sealed_inspections(&self, format: &str) -> Result<Vec<SealedInspection>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT i.id, i.template_id, i.template_version, i.service, i.site, i.trust, i.kind,
                    i.inspection_date, k.digest
             FROM inspection i
             LEFT JOIN kept_score k ON k.inspection_id = i.id AND k.format = ?1
             WHERE i.status = 'signed-off'
               AND NOT EXISTS (SELECT 1 FROM inspection a
                               WHERE a.amends = i.id AND a.status = 'signed-off')
             ORDER BY i.inspection_date, i.id",
        )?;
        let rows = stmt.query_map([format], |r| {
            Ok(SealedInspection {
                id: r.get(0)?,
                template_id: r.get(1)?,
                template_version: r.get(2)?,
                service: r.get(3)?,
                site: r.get(4)?,
                trust: r.get(5)?,
                kind: r.get(6)?,
                date: r.get(7)?,
                digest: r.get(8)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Keeps the digests (inspection, JSON) of signed-off inspections in `format`, in one
    /// transaction; one already kept stays as it is. The digests are computed from the
    /// sealed rows by the one scoring engine, so they are not audit entries of their own.
    pub fn keep_scores(&mut self, format: &str, digests: &[(i64, String)]) -> Result<()> {
        if digests.is_empty() {
            return Ok(());
        }
        self.write(|w| {
            let mut stmt = w.tx.prepare_cached(
                "INSERT OR IGNORE INTO kept_score (inspection_id, format, digest) VALUES (?1, ?2, ?3)",
            )?;
            for (id, digest) in digests {
                stmt.execute(params![id, format, digest])?;
            }
            Ok(())
        })
    }

    /// Every kept digest of `format`: (inspection, JSON).
    pub fn kept_scores(&self, format: &str) -> Result<Vec<(i64, String)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT inspection_id, digest FROM kept_score WHERE format = ?1 ORDER BY inspection_id",
        )?;
        let rows = stmt.query_map([format], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Every kept agreement of `format`: ((first, second), JSON).
    pub fn kept_agreements(&self, format: &str) -> Result<Vec<((i64, i64), String)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT first, second, agreement FROM kept_agreement WHERE format = ?1
             ORDER BY first, second",
        )?;
        let rows = stmt.query_map([format], |r| Ok(((r.get(0)?, r.get(1)?), r.get(2)?)))?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Keeps agreements ((first, second), JSON) of `format` in one transaction; one already
    /// kept stays as it is.
    pub fn keep_agreements(
        &mut self,
        format: &str,
        agreements: &[((i64, i64), String)],
    ) -> Result<()> {
        if agreements.is_empty() {
            return Ok(());
        }
        self.write(|w| {
            let mut stmt = w.tx.prepare_cached(
                "INSERT OR IGNORE INTO kept_agreement (first, second, format, agreement)
                 VALUES (?1, ?2, ?3, ?4)",
            )?;
            for ((first, second), json) in agreements {
                stmt.execute(params![first, second, format, json])?;
            }
            Ok(())
        })
    }
}
