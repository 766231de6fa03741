-- The seal, tightened.
--
-- 1. A stored template version never changes: its bands, rules and items decide the ratings of
--    every inspection that follows it, so an edit would re-rate signed-off inspections. Only a
--    version no inspection follows may be removed.
-- 2. The triggers of migration 03 looked only at the row's old inspection. `UPDATE OR REPLACE
--    ... SET inspection_id = <signed-off>` moved an open row onto a sealed one and replaced it
--    (REPLACE deletes without firing DELETE triggers). Every update now checks both the old and
--    the new inspection, and the old and new key.
-- 3. Evidence is never edited, only attached (or, in an open inspection, removed): its name,
--    type and bytes stay as they were attached.

CREATE TRIGGER template_is_immutable_update BEFORE UPDATE ON template
BEGIN SELECT RAISE(ABORT, 'a stored template version cannot be changed'); END;
CREATE TRIGGER template_in_use_delete BEFORE DELETE ON template
WHEN EXISTS (
    SELECT 1 FROM inspection WHERE template_id = OLD.id AND template_version = OLD.version
)
BEGIN SELECT RAISE(ABORT, 'a stored template version cannot be changed'); END;
CREATE TRIGGER template_replace BEFORE INSERT ON template
WHEN EXISTS (SELECT 1 FROM template WHERE id = NEW.id AND version = NEW.version)
BEGIN SELECT RAISE(ABORT, 'a stored template version cannot be changed'); END;

DROP TRIGGER IF EXISTS signed_off_inspection_update;
CREATE TRIGGER signed_off_inspection_update BEFORE UPDATE ON inspection
WHEN OLD.status = 'signed-off'
  OR EXISTS (SELECT 1 FROM inspection WHERE id = NEW.id AND status = 'signed-off')
BEGIN SELECT RAISE(ABORT, 'the inspection is signed off and read-only'); END;

DROP TRIGGER IF EXISTS response_update_signed_off;
CREATE TRIGGER response_update_signed_off BEFORE UPDATE ON response
WHEN EXISTS (
    SELECT 1 FROM inspection
    WHERE id IN (OLD.inspection_id, NEW.inspection_id) AND status = 'signed-off'
)
BEGIN SELECT RAISE(ABORT, 'the inspection is signed off and read-only'); END;

DROP TRIGGER IF EXISTS note_update_signed_off;
CREATE TRIGGER note_update_signed_off BEFORE UPDATE ON note
WHEN EXISTS (
    SELECT 1 FROM inspection
    WHERE id IN (OLD.inspection_id, NEW.inspection_id) AND status = 'signed-off'
)
BEGIN SELECT RAISE(ABORT, 'the inspection is signed off and read-only'); END;

DROP TRIGGER IF EXISTS section_override_update_signed_off;
CREATE TRIGGER section_override_update_signed_off BEFORE UPDATE ON section_override
WHEN EXISTS (
    SELECT 1 FROM inspection
    WHERE id IN (OLD.inspection_id, NEW.inspection_id) AND status = 'signed-off'
)
BEGIN SELECT RAISE(ABORT, 'the inspection is signed off and read-only'); END;

DROP TRIGGER IF EXISTS evidence_update_signed_off;
CREATE TRIGGER evidence_is_never_edited BEFORE UPDATE ON evidence
BEGIN SELECT RAISE(ABORT, 'evidence cannot be changed once attached'); END;

-- An action belongs to the inspection it was raised in.
CREATE TRIGGER action_stays_with_its_inspection BEFORE UPDATE OF id, inspection_id ON action
WHEN NEW.id IS NOT OLD.id OR NEW.inspection_id IS NOT OLD.inspection_id
BEGIN SELECT RAISE(ABORT, 'an action cannot be moved to another inspection'); END;

-- Which way of fingerprinting a sign-off used (1: Keyline 0.1; 2: also the evidence's type
-- and size and the record it amends).
ALTER TABLE sign_off ADD COLUMN fingerprint_format INTEGER NOT NULL DEFAULT 1;
