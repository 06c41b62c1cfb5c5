-- The GitIntegration schema for PostgreSQL: every migration in order, as the service applies them at start-up.
-- Silos and gateways create it themselves; this file is for operators who provision the database ahead.
-- Kept equal to src/Actors/Storage/Migrations/Postgres/*.sql by a test.

CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now());

-- migration 0001_grain_state_and_reminders
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
INSERT INTO schema_migrations (version, name) VALUES (1, '0001_grain_state_and_reminders');

-- migration 0002_silos
-- Cluster membership. Times come from the database clock so silos' clock skew never decides liveness.
-- A silo whose heartbeat is older than the lease time counts as dead; rows of long-dead silos are deleted.
CREATE TABLE silos (
    silo_id      text        PRIMARY KEY,
    address      text        NOT NULL,          -- where other processes send grain calls (HTTP/2)
    started_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
    heartbeat_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    status       text        NOT NULL CHECK (status IN ('active', 'shutting_down', 'dead'))
);

CREATE INDEX partition_leases_by_owner ON partition_leases (owner_silo);
INSERT INTO schema_migrations (version, name) VALUES (2, '0002_silos');
