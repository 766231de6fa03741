-- Must-do and should-do actions, as CQC reports sort them.
--
-- A must-do action answers a breach of a regulation and names it (regulations 9 to 20A of
-- the Regulated Activities Regulations 2014, written `12` or `20A`, comma-separated); a
-- should-do improves practice or prevents a breach. Actions raised before this version have
-- no priority. A breach is a finding of the inspection and caps its key question's rating,
-- so once the inspection is signed off an action's priority and regulations are part of its
-- signed record: they cannot change, and no must-do can be added (amend the inspection).

ALTER TABLE action ADD COLUMN priority TEXT CHECK (priority IN ('must-do', 'should-do'));
ALTER TABLE action ADD COLUMN regulations TEXT NOT NULL DEFAULT ''
    CHECK (regulations NOT GLOB '*[^0-9A,]*');

CREATE TRIGGER must_do_names_a_regulation_insert BEFORE INSERT ON action
WHEN NEW.priority = 'must-do' AND NEW.regulations = ''
BEGIN SELECT RAISE(ABORT, 'a must-do action names the regulation it answers'); END;
CREATE TRIGGER must_do_names_a_regulation_update BEFORE UPDATE OF priority, regulations ON action
WHEN NEW.priority = 'must-do' AND NEW.regulations = ''
BEGIN SELECT RAISE(ABORT, 'a must-do action names the regulation it answers'); END;

CREATE TRIGGER sealed_action_priority BEFORE UPDATE OF priority, regulations ON action
WHEN (OLD.priority IS NOT NEW.priority OR OLD.regulations IS NOT NEW.regulations)
 AND EXISTS (SELECT 1 FROM inspection WHERE id = OLD.inspection_id AND status = 'signed-off')
BEGIN SELECT RAISE(ABORT, 'the priority of an action on a signed-off inspection is part of its signed record; amend the inspection to change it'); END;
CREATE TRIGGER sealed_must_do BEFORE INSERT ON action
WHEN NEW.priority = 'must-do'
 AND EXISTS (SELECT 1 FROM inspection WHERE id = NEW.inspection_id AND status = 'signed-off')
BEGIN SELECT RAISE(ABORT, 'a breach is a finding of the inspection: amend the signed-off inspection to add a must-do action'); END;

CREATE INDEX action_by_priority ON action (priority, status);
