-- The score of a signed-off inspection, kept with it. A sealed record never changes, so
-- neither can its score: Keyline computes it once (at sign-off, on import, or the first time
-- the board reads the record) with the one scoring engine and keeps its digest here, so a
-- board over tens of thousands of records does not re-score them all. `format` names the
-- way the digest was made (keyline_core::board::DIGEST_FORMAT); a digest of another format
-- is not read but made afresh beside it. `audit verify` re-scores every kept digest.

CREATE TABLE kept_score (
    inspection_id  INTEGER NOT NULL REFERENCES inspection (id),
    format         TEXT NOT NULL,
    digest         TEXT NOT NULL CHECK (json_valid(digest)),
    PRIMARY KEY (inspection_id, format)
) STRICT;

CREATE TRIGGER kept_score_needs_sign_off BEFORE INSERT ON kept_score
WHEN NOT EXISTS (SELECT 1 FROM inspection WHERE id = NEW.inspection_id AND status = 'signed-off')
BEGIN SELECT RAISE(ABORT, 'a kept score belongs to a signed-off inspection'); END;
CREATE TRIGGER kept_score_update BEFORE UPDATE ON kept_score
BEGIN SELECT RAISE(ABORT, 'a kept score never changes'); END;
CREATE TRIGGER kept_score_delete BEFORE DELETE ON kept_score
BEGIN SELECT RAISE(ABORT, 'a kept score never changes'); END;

-- The board reads signed-off inspections and the amendments that replace them.
CREATE INDEX inspection_by_amends ON inspection (amends) WHERE amends IS NOT NULL;
