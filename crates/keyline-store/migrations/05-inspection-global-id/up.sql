-- Every inspection gets a globally unique id (a UUID v7) beside its local number: two trusts
-- both have an "inspection 1", but never the same global id. Records that travel between
-- databases are known by it.
--
-- Inspections from before this version get a UUID v7 made from their creation time (so ids
-- still sort by creation) and random bits. Signed-off inspections get one too: the rule that
-- keeps them read-only is set aside for this one statement and put back as it was. The audit
-- trail records each id (Keyline writes those entries on opening the upgraded file).

ALTER TABLE inspection ADD COLUMN uid TEXT;

DROP TRIGGER IF EXISTS signed_off_inspection_update;
UPDATE inspection SET uid =
    substr(printf('%012x', CAST(round((julianday(created_at) - 2440587.5) * 86400000.0) AS INTEGER)), 1, 8)
    || '-' ||
    substr(printf('%012x', CAST(round((julianday(created_at) - 2440587.5) * 86400000.0) AS INTEGER)), 9, 4)
    || '-7' || substr(lower(hex(randomblob(2))), 2)
    || '-' || substr('89ab', 1 + abs(random() % 4), 1) || substr(lower(hex(randomblob(2))), 2)
    || '-' || lower(hex(randomblob(6)));
CREATE TRIGGER signed_off_inspection_update BEFORE UPDATE ON inspection
WHEN OLD.status = 'signed-off'
  OR EXISTS (SELECT 1 FROM inspection WHERE id = NEW.id AND status = 'signed-off')
BEGIN SELECT RAISE(ABORT, 'the inspection is signed off and read-only'); END;

CREATE UNIQUE INDEX inspection_by_uid ON inspection (uid);

CREATE TRIGGER inspection_uid_required BEFORE INSERT ON inspection
WHEN NEW.uid IS NULL OR length(NEW.uid) <> 36
BEGIN SELECT RAISE(ABORT, 'an inspection needs a global id'); END;
CREATE TRIGGER inspection_uid_never_changes BEFORE UPDATE OF uid ON inspection
WHEN NEW.uid IS NOT OLD.uid
BEGIN SELECT RAISE(ABORT, 'an inspection''s global id never changes'); END;
