-- Grain state: the grain type is part of the primary key (unlike Orleans' ADO.NET script), and keys
-- are always text, so "020235" and "20235" are different grains.
CREATE TABLE grain_state (
    grain_type  text        NOT NULL,
    grain_key   text        NOT NULL,
    state_name  text        NOT NULL,
    payload     bytea       NULL,              -- JSON; NULL is a cleared state (tombstone)
    etag        bigint      NOT NULL,          -- version, bumped by every write and clear
    "partition" integer     NOT NULL,          -- 0..1023, from the stable hash of type/key
    epoch       bigint      NOT NULL DEFAULT 0, -- lease epoch of the writer (fencing)
    updated_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (grain_type, grain_key, state_name)
);

CREATE TABLE reminders (
    grain_type  text        NOT NULL,
    grain_key   text        NOT NULL,
    name        text        NOT NULL,
    "partition" integer     NOT NULL,
    due_at      timestamptz NOT NULL,
    period      bigint      NOT NULL DEFAULT 0, -- milliseconds; 0 = one-shot
    PRIMARY KEY (grain_type, grain_key, name)
);

CREATE INDEX reminders_by_partition_due ON reminders ("partition", due_at);

-- One row per partition. The epoch grows on every change of owner; state writes in a cluster are
-- fenced against it. A single silo owns every partition until the cluster takes them over.
CREATE TABLE partition_leases (
    "partition" integer     PRIMARY KEY CHECK ("partition" >= 0 AND "partition" < 1024),
    owner_silo  text        NULL,
    epoch       bigint      NOT NULL DEFAULT 0,
    expires_at  timestamptz NULL
);

INSERT INTO partition_leases ("partition") SELECT generate_series(0, 1023);
