-- Templates are stored as the exact JSON text they were imported from, keyed by id and
-- version, so an inspection can always be scored against the version it started from.
CREATE TABLE template (
    id           TEXT NOT NULL,
    version      TEXT NOT NULL,
    title        TEXT NOT NULL,
    description  TEXT NOT NULL,
    content      TEXT NOT NULL,
    sha256       TEXT NOT NULL,
    shipped      INTEGER NOT NULL CHECK (shipped IN (0, 1)),
    imported_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    PRIMARY KEY (id, version)
) STRICT;
