-- Evidence, actions, sign-off and the audit trail.
--
-- A signed-off inspection is read-only: the triggers below refuse any change to it, its
-- answers, notes, moderated ratings, evidence or sign-off, whoever makes it (the app, the
-- CLI, or plain SQL on the file). Actions stay updatable: they are followed up afterwards.
-- The audit trail is append-only and hash-chained (the chain is computed by Keyline).

ALTER TABLE inspection ADD COLUMN status TEXT NOT NULL DEFAULT 'in-progress'
    CHECK (status IN ('in-progress', 'signed-off'));
-- A correction of a signed-off inspection is a new inspection that names the one it amends.
ALTER TABLE inspection ADD COLUMN amends INTEGER REFERENCES inspection (id);

CREATE TABLE sign_off (
    inspection_id  INTEGER PRIMARY KEY REFERENCES inspection (id),
    inspector      TEXT NOT NULL CHECK (length(trim(inspector)) > 0),
    reviewer       TEXT NOT NULL CHECK (length(trim(reviewer)) > 0),
    signed_at      TEXT NOT NULL,
    -- SHA-256 of the signed-off record (see keyline-app's fingerprint); printed on reports.
    fingerprint    TEXT NOT NULL
) STRICT;

CREATE TABLE evidence (
    id             INTEGER PRIMARY KEY,
    inspection_id  INTEGER NOT NULL REFERENCES inspection (id),
    item_id        TEXT NOT NULL,
    file_name      TEXT NOT NULL,
    media_type     TEXT NOT NULL,
    size           INTEGER NOT NULL CHECK (size >= 0),
    sha256         TEXT NOT NULL CHECK (length(sha256) = 64),
    added_at       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    -- Last, so listing evidence never reads through the files' bytes.
    content        BLOB NOT NULL CHECK (length(content) = size)
) STRICT;
CREATE INDEX evidence_by_item ON evidence (inspection_id, item_id);

CREATE TABLE action (
    id             INTEGER PRIMARY KEY,
    inspection_id  INTEGER NOT NULL REFERENCES inspection (id),
    item_id        TEXT,
    title          TEXT NOT NULL CHECK (length(trim(title)) > 0),
    owner          TEXT NOT NULL DEFAULT '',
    due_date       TEXT,
    status         TEXT NOT NULL DEFAULT 'not-started'
        CHECK (status IN ('not-started', 'in-progress', 'completed')),
    created_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;
CREATE INDEX action_by_inspection ON action (inspection_id);

-- Every change, in order: what (entity, key, field), old → new, who and when, chained by
-- SHA-256 so an edit or deletion of the history shows.
CREATE TABLE audit (
    seq            INTEGER PRIMARY KEY,
    inspection_id  INTEGER,
    entity         TEXT NOT NULL,
    entity_key     TEXT NOT NULL,
    field          TEXT NOT NULL,
    old_value      TEXT,
    new_value      TEXT,
    actor          TEXT NOT NULL,
    at             TEXT NOT NULL,
    prev_hash      TEXT NOT NULL,
    hash           TEXT NOT NULL
) STRICT;
CREATE INDEX audit_by_inspection ON audit (inspection_id, seq);

CREATE TRIGGER audit_is_append_only_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit trail cannot be changed'); END;
CREATE TRIGGER audit_is_append_only_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit trail cannot be changed'); END;

CREATE TRIGGER signed_off_inspection_update BEFORE UPDATE ON inspection
WHEN OLD.status = 'signed-off'
BEGIN SELECT RAISE(ABORT, 'the inspection is signed off and read-only'); END;
CREATE TRIGGER signed_off_inspection_delete BEFORE DELETE ON inspection
WHEN OLD.status = 'signed-off'
BEGIN SELECT RAISE(ABORT, 'the inspection is signed off and read-only'); END;

CREATE TRIGGER sign_off_update BEFORE UPDATE ON sign_off
BEGIN SELECT RAISE(ABORT, 'the inspection is signed off and read-only'); END;
CREATE TRIGGER sign_off_delete BEFORE DELETE ON sign_off
BEGIN SELECT RAISE(ABORT, 'the inspection is signed off and read-only'); END;

CREATE TRIGGER response_insert_signed_off BEFORE INSERT ON response
WHEN (SELECT status FROM inspection WHERE id = NEW.inspection_id) = 'signed-off'
BEGIN SELECT RAISE(ABORT, 'the inspection is signed off and read-only'); END;
CREATE TRIGGER response_update_signed_off BEFORE UPDATE ON response
WHEN (SELECT status FROM inspection WHERE id = OLD.inspection_id) = 'signed-off'
BEGIN SELECT RAISE(ABORT, 'the inspection is signed off and read-only'); END;
CREATE TRIGGER response_delete_signed_off BEFORE DELETE ON response
WHEN (SELECT status FROM inspection WHERE id = OLD.inspection_id) = 'signed-off'
BEGIN SELECT RAISE(ABORT, 'the inspection is signed off and read-only'); END;
CREATE TRIGGER note_insert_signed_off BEFORE INSERT ON note
WHEN (SELECT status FROM inspection WHERE id = NEW.inspection_id) = 'signed-off'
BEGIN SELECT RAISE(ABORT, 'the inspection is signed off and read-only'); END;
CREATE TRIGGER note_update_signed_off BEFORE UPDATE ON note
WHEN (SELECT status FROM inspection WHERE id = OLD.inspection_id) = 'signed-off'
BEGIN SELECT RAISE(ABORT, 'the inspection is signed off and read-only'); END;
CREATE TRIGGER note_delete_signed_off BEFORE DELETE ON note
WHEN (SELECT status FROM inspection WHERE id = OLD.inspection_id) = 'signed-off'
BEGIN SELECT RAISE(ABORT, 'the inspection is signed off and read-only'); END;
CREATE TRIGGER section_override_insert_signed_off BEFORE INSERT ON section_override
WHEN (SELECT status FROM inspection WHERE id = NEW.inspection_id) = 'signed-off'
BEGIN SELECT RAISE(ABORT, 'the inspection is signed off and read-only'); END;
CREATE TRIGGER section_override_update_signed_off BEFORE UPDATE ON section_override
WHEN (SELECT status FROM inspection WHERE id = OLD.inspection_id) = 'signed-off'
BEGIN SELECT RAISE(ABORT, 'the inspection is signed off and read-only'); END;
CREATE TRIGGER section_override_delete_signed_off BEFORE DELETE ON section_override
WHEN (SELECT status FROM inspection WHERE id = OLD.inspection_id) = 'signed-off'
BEGIN SELECT RAISE(ABORT, 'the inspection is signed off and read-only'); END;
CREATE TRIGGER evidence_insert_signed_off BEFORE INSERT ON evidence
WHEN (SELECT status FROM inspection WHERE id = NEW.inspection_id) = 'signed-off'
BEGIN SELECT RAISE(ABORT, 'the inspection is signed off and read-only'); END;
CREATE TRIGGER evidence_update_signed_off BEFORE UPDATE ON evidence
WHEN (SELECT status FROM inspection WHERE id = OLD.inspection_id) = 'signed-off'
BEGIN SELECT RAISE(ABORT, 'the inspection is signed off and read-only'); END;
CREATE TRIGGER evidence_delete_signed_off BEFORE DELETE ON evidence
WHEN (SELECT status FROM inspection WHERE id = OLD.inspection_id) = 'signed-off'
BEGIN SELECT RAISE(ABORT, 'the inspection is signed off and read-only'); END;

-- INSERT OR REPLACE deletes the row it replaces without firing DELETE triggers (unless a
-- connection turns recursive triggers on), so the inserts that would replace a sealed row
-- are refused too.
CREATE TRIGGER inspection_replace_signed_off BEFORE INSERT ON inspection
WHEN EXISTS (SELECT 1 FROM inspection WHERE id = NEW.id AND status = 'signed-off')
BEGIN SELECT RAISE(ABORT, 'the inspection is signed off and read-only'); END;
CREATE TRIGGER sign_off_replace BEFORE INSERT ON sign_off
WHEN EXISTS (SELECT 1 FROM sign_off WHERE inspection_id = NEW.inspection_id)
BEGIN SELECT RAISE(ABORT, 'the inspection is signed off and read-only'); END;
CREATE TRIGGER evidence_replace_signed_off BEFORE INSERT ON evidence
WHEN EXISTS (
    SELECT 1 FROM evidence e JOIN inspection i ON i.id = e.inspection_id
    WHERE e.id = NEW.id AND i.status = 'signed-off'
)
BEGIN SELECT RAISE(ABORT, 'the inspection is signed off and read-only'); END;
CREATE TRIGGER audit_replace BEFORE INSERT ON audit
WHEN EXISTS (SELECT 1 FROM audit WHERE seq = NEW.seq)
BEGIN SELECT RAISE(ABORT, 'the audit trail cannot be changed'); END;
