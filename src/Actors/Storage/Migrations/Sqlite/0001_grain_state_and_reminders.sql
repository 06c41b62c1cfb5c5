-- Grain state: the grain type is part of the key (unlike Orleans' ADO.NET script), and keys are
-- always text, so "020235" and "20235" are different grains.
CREATE TABLE grain_state (
    grain_type  TEXT    NOT NULL,
    grain_key   TEXT    NOT NULL,
    state_name  TEXT    NOT NULL,
    payload     BLOB    NULL,              -- JSON; NULL is a cleared state (tombstone)
    etag        INTEGER NOT NULL,          -- version, bumped by every write and clear
    "partition" INTEGER NOT NULL,          -- 0..1023, from the stable hash of type/key
    epoch       INTEGER NOT NULL DEFAULT 0, -- lease epoch of the writer (fencing)
    updated_at  INTEGER NOT NULL,          -- unix milliseconds
    PRIMARY KEY (grain_type, grain_key, state_name)
) WITHOUT ROWID;

CREATE TABLE reminders (
    grain_type  TEXT    NOT NULL,
    grain_key   TEXT    NOT NULL,
    name        TEXT    NOT NULL,
    "partition" INTEGER NOT NULL,
    due_at      INTEGER NOT NULL,          -- unix milliseconds
    period      INTEGER NOT NULL DEFAULT 0, -- milliseconds; 0 = one-shot
    PRIMARY KEY (grain_type, grain_key, name)
) WITHOUT ROWID;

CREATE INDEX reminders_by_partition_due ON reminders ("partition", due_at);
CREATE INDEX reminders_by_due ON reminders (due_at);
