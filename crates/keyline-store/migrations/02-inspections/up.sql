-- Inspections, their answers, notes and moderated section ratings. An inspection names the
-- exact template version it follows; a stored template version never changes, so neither
-- does the way an inspection is scored.
CREATE TABLE inspection (
    id                INTEGER PRIMARY KEY,
    template_id       TEXT NOT NULL,
    template_version  TEXT NOT NULL,
    service           TEXT NOT NULL CHECK (length(trim(service)) > 0),
    site              TEXT NOT NULL DEFAULT '',
    trust             TEXT NOT NULL DEFAULT '',
    kind              TEXT NOT NULL CHECK (kind IN ('mock', 'self-assessment', 'peer-review')),
    inspection_date   TEXT NOT NULL DEFAULT (date('now')),
    team              TEXT NOT NULL DEFAULT '',
    created_at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    FOREIGN KEY (template_id, template_version) REFERENCES template (id, version)
) STRICT;

-- One answer per item; `answer` is the JSON of keyline_core::scoring::Answer.
CREATE TABLE response (
    inspection_id  INTEGER NOT NULL REFERENCES inspection (id) ON DELETE CASCADE,
    item_id        TEXT NOT NULL,
    answer         TEXT NOT NULL CHECK (json_valid(answer)),
    answered_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    PRIMARY KEY (inspection_id, item_id)
) STRICT;

CREATE TABLE note (
    inspection_id  INTEGER NOT NULL REFERENCES inspection (id) ON DELETE CASCADE,
    item_id        TEXT NOT NULL,
    text           TEXT NOT NULL,
    updated_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    PRIMARY KEY (inspection_id, item_id)
) STRICT;

-- An inspector's moderated rating of a section, with the written reason.
CREATE TABLE section_override (
    inspection_id  INTEGER NOT NULL REFERENCES inspection (id) ON DELETE CASCADE,
    section_id     TEXT NOT NULL,
    rating         TEXT NOT NULL,
    justification  TEXT NOT NULL CHECK (length(trim(justification)) > 0),
    created_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    PRIMARY KEY (inspection_id, section_id)
) STRICT;

CREATE INDEX inspection_by_template ON inspection (template_id, template_version);
