-- Grain state and reminders for the embedded (all-in-one) store: the tables behind Orleans' ADO.NET persistence
-- and reminder providers, and the queries they run (the OrleansQuery contract, written for this project).
-- Written from the providers' contract: parameter names and result columns are the providers', the SQL is ours.

PRAGMA journal_mode = WAL;

CREATE TABLE IF NOT EXISTS OrleansQuery (
    QueryKey  TEXT NOT NULL PRIMARY KEY,
    QueryText TEXT NOT NULL
);

-- One row per (service, state name, grain key). Orleans hands the key over parsed into two numbers and a string
-- (GrainIdN0, GrainIdN1, GrainIdExtensionString); together they are the identity, so they are the primary key.
-- The hash parameters Orleans also sends are ignored: the key itself is indexed.
CREATE TABLE orleans_storage (
    service_id  TEXT    NOT NULL,
    state_name  TEXT    NOT NULL,
    key_n0      INTEGER NOT NULL,
    key_n1      INTEGER NOT NULL,
    key_ext     TEXT    NOT NULL DEFAULT '',  -- '' stands for "no extension"
    payload     BLOB    NULL,                 -- JSON; NULL is a cleared state
    version     INTEGER NOT NULL,             -- the ETag, bumped by every write and clear
    modified_at TEXT    NOT NULL,
    PRIMARY KEY (service_id, state_name, key_ext, key_n0, key_n1)
) WITHOUT ROWID;

CREATE TABLE orleans_reminders (
    service_id    TEXT    NOT NULL,
    grain_id      TEXT    NOT NULL,
    reminder_name TEXT    NOT NULL,
    start_time    TEXT    NOT NULL,
    period        INTEGER NOT NULL,           -- milliseconds
    grain_hash    INTEGER NOT NULL,           -- Orleans' uniform hash of the grain id, as a signed 32-bit value
    version       INTEGER NOT NULL,
    PRIMARY KEY (service_id, grain_id, reminder_name)
) WITHOUT ROWID;

CREATE INDEX orleans_reminders_by_hash ON orleans_reminders (service_id, grain_hash);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('ReadFromStorageKey', '
SELECT payload AS PayloadBinary, version AS Version
FROM orleans_storage
WHERE service_id = @ServiceId AND state_name = @GrainTypeString AND key_ext = COALESCE(@GrainIdExtensionString, '''')
  AND key_n0 = @GrainIdN0 AND key_n1 = @GrainIdN1;'),

-- A first write (no ETag) inserts version 1 unless the row exists; a later one updates only the version it read.
-- Exactly one of the two statements can return a row; none means the ETag was stale.
('WriteToStorageKey', '
INSERT INTO orleans_storage (service_id, state_name, key_n0, key_n1, key_ext, payload, version, modified_at)
SELECT @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, COALESCE(@GrainIdExtensionString, ''''), @PayloadBinary, 1,
       strftime(''%Y-%m-%dT%H:%M:%fZ'', ''now'')
WHERE @GrainStateVersion IS NULL
ON CONFLICT DO NOTHING
RETURNING version AS NewGrainStateVersion;
UPDATE orleans_storage
SET payload = @PayloadBinary, version = version + 1, modified_at = strftime(''%Y-%m-%dT%H:%M:%fZ'', ''now'')
WHERE @GrainStateVersion IS NOT NULL AND version = @GrainStateVersion
  AND service_id = @ServiceId AND state_name = @GrainTypeString AND key_ext = COALESCE(@GrainIdExtensionString, '''')
  AND key_n0 = @GrainIdN0 AND key_n1 = @GrainIdN1
RETURNING version AS NewGrainStateVersion;'),

('ClearStorageKey', '
UPDATE orleans_storage
SET payload = NULL, version = version + 1, modified_at = strftime(''%Y-%m-%dT%H:%M:%fZ'', ''now'')
WHERE version = @GrainStateVersion
  AND service_id = @ServiceId AND state_name = @GrainTypeString AND key_ext = COALESCE(@GrainIdExtensionString, '''')
  AND key_n0 = @GrainIdN0 AND key_n1 = @GrainIdN1
RETURNING version AS Version;'),

('ReadReminderRowsKey', '
SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime, period AS Period, version AS Version
FROM orleans_reminders
WHERE service_id = @ServiceId AND grain_id = @GrainId;'),

('ReadReminderRowKey', '
SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime, period AS Period, version AS Version
FROM orleans_reminders
WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName;'),

('ReadRangeRows1Key', '
SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime, period AS Period, version AS Version
FROM orleans_reminders
WHERE service_id = @ServiceId AND grain_hash > @BeginHash AND grain_hash <= @EndHash;'),

-- A range that wraps around the ring (and the whole ring, when begin equals end).
('ReadRangeRows2Key', '
SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime, period AS Period, version AS Version
FROM orleans_reminders
WHERE service_id = @ServiceId AND (grain_hash > @BeginHash OR grain_hash <= @EndHash);'),

('UpsertReminderRowKey', '
INSERT INTO orleans_reminders (service_id, grain_id, reminder_name, start_time, period, grain_hash, version)
VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
ON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE
SET start_time = excluded.start_time, period = excluded.period, grain_hash = excluded.grain_hash, version = orleans_reminders.version + 1
RETURNING version AS Version;'),

('DeleteReminderRowKey', '
DELETE FROM orleans_reminders
WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName AND version = @Version;
SELECT changes();'),

('DeleteReminderRowsKey', '
DELETE FROM orleans_reminders WHERE service_id = @ServiceId;');
