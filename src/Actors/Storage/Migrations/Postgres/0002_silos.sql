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
