-- Undo before sign-off. An unsigned inspection, its evidence and its actions can be deleted
-- (each deletion recorded in the audit trail by Keyline). Once the inspection is signed off,
-- its actions are part of its signed record: deleting one is refused here too, whoever asks.
-- Inspections and evidence were already protected (migration 03).

CREATE TRIGGER action_delete_signed_off BEFORE DELETE ON action
WHEN EXISTS (SELECT 1 FROM inspection WHERE id = OLD.inspection_id AND status = 'signed-off')
BEGIN SELECT RAISE(ABORT, 'the action is part of a signed-off inspection''s record; mark it completed, or amend the inspection'); END;
