-- Orleans ADO.NET provider schema for PostgreSQL (clustering, grain storage, reminders; Orleans 10.4.2,
-- invariant "Npgsql"). This is ContactTrace's own script, written from the providers' contract: the query
-- keys they read from OrleansQuery, the parameters they bind and the result columns they read by name
-- (see docs/orleans-adonet-contract.md). It is not a copy of the Orleans reference scripts.
--
-- Naming: tables, functions and indexes are ours (snake_case). Columns keep the names the providers use for
-- parameters and result columns (unquoted, so PostgreSQL folds them to lower case; Npgsql matches result
-- columns case-insensitively). OrleansQuery(QueryKey, QueryText) is fixed: the providers query it verbatim.
--
-- Idempotent: every object is created IF NOT EXISTS / OR REPLACE and every query row is upserted.

-- ---------------------------------------------------------------------------------------------------------
-- Query catalogue read by every provider at startup: SELECT QueryKey, QueryText FROM OrleansQuery
-- ---------------------------------------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS OrleansQuery (
    QueryKey  text PRIMARY KEY,
    QueryText text NOT NULL
);

-- ---------------------------------------------------------------------------------------------------------
-- Clustering. One version row per cluster (DeploymentId = ClusterOptions.ClusterId); every membership
-- write (insert or update of a silo row) must move it from the version the silo read to version + 1 in
-- the same transaction. I-am-alive heartbeats do not touch it.
-- ---------------------------------------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS orleans_membership_version (
    DeploymentId text PRIMARY KEY,
    Version      integer NOT NULL DEFAULT 0,
    updated_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS orleans_membership (
    DeploymentId text NOT NULL REFERENCES orleans_membership_version (DeploymentId) ON DELETE CASCADE,
    Address      text NOT NULL,
    Port         integer NOT NULL,
    Generation   integer NOT NULL,
    SiloName     text NOT NULL,
    HostName     text NOT NULL,
    Status       integer NOT NULL,
    ProxyPort    integer NOT NULL DEFAULT 0,
    SuspectTimes text NULL,
    StartTime    timestamptz NOT NULL,
    IAmAliveTime timestamptz NOT NULL,
    PRIMARY KEY (DeploymentId, Address, Port, Generation)
);

-- Adds a silo row if the cluster is still at the version the caller read, then bumps the version.
-- Locking the version row first serialises all membership writers of one cluster.
CREATE OR REPLACE FUNCTION orleans_membership_insert(
    p_deployment_id  text,
    p_address        text,
    p_port           integer,
    p_generation     integer,
    p_silo_name      text,
    p_host_name      text,
    p_status         integer,
    p_proxy_port     integer,
    p_start_time     timestamptz,
    p_i_am_alive     timestamptz,
    p_version        integer)
RETURNS boolean
LANGUAGE plpgsql
AS $fn$
BEGIN
    PERFORM 1
      FROM orleans_membership_version
     WHERE DeploymentId = p_deployment_id AND Version = p_version
       FOR UPDATE;
    IF NOT FOUND THEN
        RETURN false;                      -- stale table version: someone else wrote first
    END IF;

    INSERT INTO orleans_membership
           (DeploymentId, Address, Port, Generation, SiloName, HostName, Status, ProxyPort,
            StartTime, IAmAliveTime)
    VALUES (p_deployment_id, p_address, p_port, p_generation, p_silo_name, p_host_name, p_status,
            coalesce(p_proxy_port, 0), p_start_time, p_i_am_alive)
    ON CONFLICT (DeploymentId, Address, Port, Generation) DO NOTHING;
    IF NOT FOUND THEN
        RETURN false;                      -- the silo already has a row; the version is left alone
    END IF;

    UPDATE orleans_membership_version
       SET Version = Version + 1, updated_at = now()
     WHERE DeploymentId = p_deployment_id;
    RETURN true;
END
$fn$;

-- Changes a silo row's status and suspicions if the cluster is still at the version the caller read,
-- then bumps the version. The heartbeat never moves backwards.
CREATE OR REPLACE FUNCTION orleans_membership_update(
    p_deployment_id  text,
    p_address        text,
    p_port           integer,
    p_generation     integer,
    p_status         integer,
    p_suspect_times  text,
    p_i_am_alive     timestamptz,
    p_version        integer)
RETURNS boolean
LANGUAGE plpgsql
AS $fn$
BEGIN
    PERFORM 1
      FROM orleans_membership_version
     WHERE DeploymentId = p_deployment_id AND Version = p_version
       FOR UPDATE;
    IF NOT FOUND THEN
        RETURN false;
    END IF;

    UPDATE orleans_membership
       SET Status       = p_status,
           SuspectTimes = p_suspect_times,
           IAmAliveTime = greatest(IAmAliveTime, p_i_am_alive)
     WHERE DeploymentId = p_deployment_id
       AND Address = p_address AND Port = p_port AND Generation = p_generation;
    IF NOT FOUND THEN
        RETURN false;
    END IF;

    UPDATE orleans_membership_version
       SET Version = Version + 1, updated_at = now()
     WHERE DeploymentId = p_deployment_id;
    RETURN true;
END
$fn$;

-- ---------------------------------------------------------------------------------------------------------
-- Grain storage. One row per (service, grain type, grain id); Version is the grain state's ETag.
-- A NULL PayloadBinary means "cleared" (RecordExists = false) while the row keeps its version.
-- ---------------------------------------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS orleans_grain_state (
    ServiceId              text NOT NULL,
    GrainTypeHash          integer NOT NULL,
    GrainTypeString        text NOT NULL,
    GrainIdHash            integer NOT NULL,
    GrainIdN0              bigint NOT NULL,
    GrainIdN1              bigint NOT NULL,
    GrainIdExtensionString text NULL,
    PayloadBinary          bytea NULL,
    Version                integer NOT NULL,
    updated_at             timestamptz NOT NULL DEFAULT now()
);

-- One row per grain identity. The long strings go in as md5 so that no key can outgrow a btree entry; the
-- hashes lead so lookups by (GrainIdHash, GrainTypeHash) use this index. NULLS NOT DISTINCT (PostgreSQL 15)
-- makes a NULL extension a value of its own, matching IS NOT DISTINCT FROM in the queries.
CREATE UNIQUE INDEX IF NOT EXISTS orleans_grain_state_identity_idx
    ON orleans_grain_state (GrainIdHash, GrainTypeHash, GrainIdN0, GrainIdN1, ServiceId,
                            md5(GrainTypeString), md5(GrainIdExtensionString))
    NULLS NOT DISTINCT;

-- ---------------------------------------------------------------------------------------------------------
-- Reminders. GrainHash is GrainId.GetUniformHashCode() cast to a signed int; range reads compare signed.
-- ---------------------------------------------------------------------------------------------------------
CREATE TABLE IF NOT EXISTS orleans_reminders (
    ServiceId    text NOT NULL,
    GrainId      text NOT NULL,
    ReminderName text NOT NULL,
    StartTime    timestamptz NOT NULL,
    Period       bigint NOT NULL,
    GrainHash    integer NOT NULL,
    Version      integer NOT NULL,
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (ServiceId, GrainId, ReminderName)
);

CREATE INDEX IF NOT EXISTS orleans_reminders_hash_idx ON orleans_reminders (ServiceId, GrainHash);

-- ---------------------------------------------------------------------------------------------------------
-- The query rows. Parameter names and result column names are the providers'; do not rename them.
-- ---------------------------------------------------------------------------------------------------------
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES

-- Clustering ----------------------------------------------------------------------------------------------
('InsertMembershipVersionKey', $q$
WITH created AS (
    INSERT INTO orleans_membership_version (DeploymentId)
    VALUES (@DeploymentId)
    ON CONFLICT (DeploymentId) DO NOTHING
    RETURNING 1
)
SELECT count(*) > 0 AS Created FROM created;
$q$),

('InsertMembershipKey', $q$
SELECT orleans_membership_insert(@DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName,
                                 @Status, @ProxyPort, @StartTime, @IAmAliveTime, @Version) AS Inserted;
$q$),

('UpdateMembershipKey', $q$
SELECT orleans_membership_update(@DeploymentId, @Address, @Port, @Generation, @Status, @SuspectTimes,
                                 @IAmAliveTime, @Version) AS Updated;
$q$),

('UpdateIAmAlivetimeKey', $q$
UPDATE orleans_membership
   SET IAmAliveTime = greatest(IAmAliveTime, @IAmAliveTime)
 WHERE DeploymentId = @DeploymentId
   AND Address = @Address AND Port = @Port AND Generation = @Generation;
$q$),

('MembershipReadRowKey', $q$
SELECT v.Version,
       m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status, m.ProxyPort,
       m.SuspectTimes, m.StartTime, m.IAmAliveTime
  FROM orleans_membership_version AS v
  LEFT JOIN orleans_membership AS m
         ON m.DeploymentId = v.DeploymentId
        AND m.Address = @Address AND m.Port = @Port AND m.Generation = @Generation
 WHERE v.DeploymentId = @DeploymentId;
$q$),

('MembershipReadAllKey', $q$
SELECT v.Version,
       m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status, m.ProxyPort,
       m.SuspectTimes, m.StartTime, m.IAmAliveTime
  FROM orleans_membership_version AS v
  LEFT JOIN orleans_membership AS m ON m.DeploymentId = v.DeploymentId
 WHERE v.DeploymentId = @DeploymentId;
$q$),

('GatewaysQueryKey', $q$
SELECT Address, ProxyPort, Generation
  FROM orleans_membership
 WHERE DeploymentId = @DeploymentId AND Status = @Status AND ProxyPort > 0;
$q$),

('DeleteMembershipTableEntriesKey', $q$
DELETE FROM orleans_membership WHERE DeploymentId = @DeploymentId;
DELETE FROM orleans_membership_version WHERE DeploymentId = @DeploymentId;
$q$),

-- Bulk form, used only when CleanupDefunctSiloEntryKey is absent: dead silos silent since the cut-off.
('CleanupDefunctSiloEntriesKey', $q$
DELETE FROM orleans_membership
 WHERE DeploymentId = @DeploymentId
   AND Status = 6
   AND IAmAliveTime < @IAmAliveTime
   AND StartTime < @IAmAliveTime;
$q$),

-- Per-row form (optional key; the provider prefers it). The provider picks dead rows older than the
-- cut-off from a full read and passes back the values it saw; the row goes only if none has changed.
('CleanupDefunctSiloEntryKey', $q$
DELETE FROM orleans_membership
 WHERE DeploymentId = @DeploymentId
   AND Address = @Address AND Port = @Port AND Generation = @Generation
   AND Status = 6
   AND StartTime = @StartTime
   AND IAmAliveTime = @IAmAliveTime
   AND coalesce(SuspectTimes, '') = coalesce(@SuspectTimes, '');
$q$),

-- Grain storage -------------------------------------------------------------------------------------------
('ReadFromStorageKey', $q$
SELECT s.PayloadBinary, s.Version
  FROM orleans_grain_state AS s
 WHERE s.GrainIdHash = @GrainIdHash AND s.GrainTypeHash = @GrainTypeHash
   AND s.GrainIdN0 = @GrainIdN0 AND s.GrainIdN1 = @GrainIdN1
   AND s.ServiceId = @ServiceId AND s.GrainTypeString = @GrainTypeString
   AND s.GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString;
$q$),

-- Always one row: the new version, or NULL when the caller's version is stale (or, with no version, when
-- a row already exists). Orleans turns NULL into an InconsistentStateException.
('WriteToStorageKey', $q$
WITH updated AS (
    UPDATE orleans_grain_state AS s
       SET PayloadBinary = @PayloadBinary, Version = s.Version + 1, updated_at = now()
     WHERE @GrainStateVersion IS NOT NULL AND s.Version = @GrainStateVersion
       AND s.GrainIdHash = @GrainIdHash AND s.GrainTypeHash = @GrainTypeHash
       AND s.GrainIdN0 = @GrainIdN0 AND s.GrainIdN1 = @GrainIdN1
       AND s.ServiceId = @ServiceId AND s.GrainTypeString = @GrainTypeString
       AND s.GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
    RETURNING s.Version
), inserted AS (
    INSERT INTO orleans_grain_state
           (ServiceId, GrainTypeHash, GrainTypeString, GrainIdHash, GrainIdN0, GrainIdN1,
            GrainIdExtensionString, PayloadBinary, Version)
    SELECT @ServiceId, @GrainTypeHash, @GrainTypeString, @GrainIdHash, @GrainIdN0, @GrainIdN1,
           @GrainIdExtensionString, @PayloadBinary, 1
     WHERE @GrainStateVersion IS NULL
    ON CONFLICT DO NOTHING
    RETURNING Version
)
SELECT (SELECT Version FROM updated UNION ALL SELECT Version FROM inserted) AS NewGrainStateVersion;
$q$),

-- DeleteStateOnClear = false: keep the row, drop the payload, bump the version (the new ETag).
('ClearStorageKey', $q$
WITH cleared AS (
    UPDATE orleans_grain_state AS s
       SET PayloadBinary = NULL, Version = s.Version + 1, updated_at = now()
     WHERE s.Version = @GrainStateVersion
       AND s.GrainIdHash = @GrainIdHash AND s.GrainTypeHash = @GrainTypeHash
       AND s.GrainIdN0 = @GrainIdN0 AND s.GrainIdN1 = @GrainIdN1
       AND s.ServiceId = @ServiceId AND s.GrainTypeString = @GrainTypeString
       AND s.GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
    RETURNING s.Version
)
SELECT (SELECT Version FROM cleared) AS NewGrainStateVersion;
$q$),

-- DeleteStateOnClear = true: remove the row. Returns a value that differs from the caller's ETag on
-- success (Orleans treats "same as my ETag" or NULL as a conflict) and NULL when the version is stale.
('DeleteStorageKey', $q$
WITH deleted AS (
    DELETE FROM orleans_grain_state AS s
     WHERE s.Version = @GrainStateVersion
       AND s.GrainIdHash = @GrainIdHash AND s.GrainTypeHash = @GrainTypeHash
       AND s.GrainIdN0 = @GrainIdN0 AND s.GrainIdN1 = @GrainIdN1
       AND s.ServiceId = @ServiceId AND s.GrainTypeString = @GrainTypeString
       AND s.GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
    RETURNING s.Version
)
SELECT (SELECT Version + 1 FROM deleted) AS NewGrainStateVersion;
$q$),

-- Reminders -----------------------------------------------------------------------------------------------
('UpsertReminderRowKey', $q$
INSERT INTO orleans_reminders AS r
       (ServiceId, GrainId, ReminderName, StartTime, Period, GrainHash, Version)
VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 1)
ON CONFLICT (ServiceId, GrainId, ReminderName) DO UPDATE
   SET StartTime  = excluded.StartTime,
       Period     = excluded.Period,
       GrainHash  = excluded.GrainHash,
       Version    = r.Version + 1,
       updated_at = now()
RETURNING r.Version;
$q$),

('ReadReminderRowKey', $q$
SELECT GrainId, ReminderName, StartTime, Period, Version
  FROM orleans_reminders
 WHERE ServiceId = @ServiceId AND GrainId = @GrainId AND ReminderName = @ReminderName;
$q$),

('ReadReminderRowsKey', $q$
SELECT GrainId, ReminderName, StartTime, Period, Version
  FROM orleans_reminders
 WHERE ServiceId = @ServiceId AND GrainId = @GrainId;
$q$),

-- (BeginHash, EndHash] when BeginHash < EndHash as signed ints ...
('ReadRangeRows1Key', $q$
SELECT GrainId, ReminderName, StartTime, Period, Version
  FROM orleans_reminders
 WHERE ServiceId = @ServiceId
   AND GrainHash > @BeginHash AND GrainHash <= @EndHash;
$q$),

-- ... otherwise the range wraps around (BeginHash = EndHash means the whole ring).
('ReadRangeRows2Key', $q$
SELECT GrainId, ReminderName, StartTime, Period, Version
  FROM orleans_reminders
 WHERE ServiceId = @ServiceId
   AND (GrainHash > @BeginHash OR GrainHash <= @EndHash);
$q$),

('DeleteReminderRowKey', $q$
WITH deleted AS (
    DELETE FROM orleans_reminders
     WHERE ServiceId = @ServiceId AND GrainId = @GrainId AND ReminderName = @ReminderName
       AND Version = @Version
    RETURNING 1
)
SELECT count(*) > 0 AS Deleted FROM deleted;
$q$),

('DeleteReminderRowsKey', $q$
DELETE FROM orleans_reminders WHERE ServiceId = @ServiceId;
$q$)

ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;
