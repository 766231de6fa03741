-- The template editor.
--
-- 1. A draft is a template being written: any content at all (it may not yet be valid), saved
--    as the quality lead types, like answers are. Publishing makes it a stored template version
--    (immutable, migration 04) and removes the draft. `based_on_id` and `based_on` name the
--    version it was copied from, if any (the draft's own id may be changed while editing).
-- 2. An archived version is hidden from New inspection but kept, with every inspection that
--    follows it. Archiving is undone by removing the row.
CREATE TABLE template_draft (
    id           INTEGER PRIMARY KEY,
    template_id  TEXT NOT NULL,
    based_on_id  TEXT,
    based_on     TEXT,
    content      TEXT NOT NULL,
    created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;

CREATE TABLE template_archive (
    template_id  TEXT NOT NULL,
    version      TEXT NOT NULL,
    archived_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    PRIMARY KEY (template_id, version),
    FOREIGN KEY (template_id, version) REFERENCES template (id, version)
) STRICT;
