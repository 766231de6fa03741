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

-- How far two signed-off inspections of one ward agree (keyline_core::scoring::compare), kept
-- the same way: neither record can change, so neither can their agreement. `format` names
-- how it was computed (keyline_core::board::AGREEMENT_FORMAT).
CREATE TABLE kept_agreement (
    first      INTEGER NOT NULL REFERENCES inspection (id),
    second     INTEGER NOT NULL REFERENCES inspection (id),
    format     TEXT NOT NULL,
    agreement  TEXT NOT NULL CHECK (json_valid(agreement)),
    PRIMARY KEY (first, second, format)
) STRICT;

CREATE TRIGGER kept_agreement_needs_sign_off BEFORE INSERT ON kept_agreement
WHEN (SELECT count(*) FROM inspection
      WHERE id IN (NEW.first, NEW.second) AND status = 'signed-off') <> 2
BEGIN SELECT RAISE(ABORT, 'a kept agreement belongs to two signed-off inspections'); END;
CREATE TRIGGER kept_agreement_update BEFORE UPDATE ON kept_agreement
BEGIN SELECT RAISE(ABORT, 'a kept agreement never changes'); END;
CREATE TRIGGER kept_agreement_delete BEFORE DELETE ON kept_agreement
BEGIN SELECT RAISE(ABORT, 'a kept agreement never changes'); END;
