-- Signed records: what travels between databases.
--
-- At sign-off Keyline builds the inspection's record (RFC 8785 canonical JSON of everything
-- the seal covers, named by the inspection's global id), signs it with the signer's key and
-- renders and signs the report PDF once. All of it is kept here, beside the sealed rows it
-- was made from; export writes `report_pdf` exactly, and bundles carry `record`, `signature`
-- and `certificate`. A record imported from another database is kept the same way, with
-- where it came from. A stored signed record never changes and is never removed.

CREATE TABLE signed_record (
    inspection_id        INTEGER PRIMARY KEY REFERENCES inspection (id),
    uid                  TEXT NOT NULL UNIQUE CHECK (length(uid) = 36),
    record               BLOB NOT NULL,
    record_sha256        TEXT NOT NULL CHECK (length(record_sha256) = 64),
    signature            BLOB NOT NULL,
    certificate          BLOB NOT NULL,
    signer_name          TEXT NOT NULL,
    signer_organisation  TEXT NOT NULL,
    signer_fingerprint   TEXT NOT NULL CHECK (length(signer_fingerprint) = 64),
    report_pdf           BLOB,
    origin               TEXT NOT NULL CHECK (origin IN ('signed-here', 'imported')),
    imported_from        TEXT,
    stored_at            TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;

CREATE TRIGGER signed_record_needs_sign_off BEFORE INSERT ON signed_record
WHEN NOT EXISTS (
    SELECT 1 FROM inspection i JOIN sign_off s ON s.inspection_id = i.id
    WHERE i.id = NEW.inspection_id AND i.uid = NEW.uid AND i.status = 'signed-off'
)
BEGIN SELECT RAISE(ABORT, 'a signed record belongs to a signed-off inspection with its global id'); END;
CREATE TRIGGER signed_record_replace BEFORE INSERT ON signed_record
WHEN EXISTS (
    SELECT 1 FROM signed_record WHERE inspection_id = NEW.inspection_id OR uid = NEW.uid
)
BEGIN SELECT RAISE(ABORT, 'a signed record never changes'); END;
CREATE TRIGGER signed_record_update BEFORE UPDATE ON signed_record
BEGIN SELECT RAISE(ABORT, 'a signed record never changes'); END;
CREATE TRIGGER signed_record_delete BEFORE DELETE ON signed_record
BEGIN SELECT RAISE(ABORT, 'a signed record never changes'); END;

-- An imported record's actions belong to the trust that raised them: they are kept as they
-- were signed and cannot be changed here.
CREATE TRIGGER imported_action_update BEFORE UPDATE ON action
WHEN EXISTS (
    SELECT 1 FROM signed_record
    WHERE inspection_id IN (OLD.inspection_id, NEW.inspection_id) AND origin = 'imported'
)
BEGIN SELECT RAISE(ABORT, 'the actions of an imported record are kept as they were signed'); END;
CREATE TRIGGER imported_action_insert BEFORE INSERT ON action
WHEN EXISTS (
    SELECT 1 FROM signed_record WHERE inspection_id = NEW.inspection_id AND origin = 'imported'
)
BEGIN SELECT RAISE(ABORT, 'the actions of an imported record are kept as they were signed'); END;

-- Settings that belong to this database (the folder it syncs with, when it last did).
CREATE TABLE setting (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
) STRICT;

-- An action's history and an entity's trail are read by entity and key: with tens of
-- thousands of imported records the trail is long, so it is indexed for that.
CREATE INDEX audit_by_entity ON audit (entity, entity_key, field, seq);
