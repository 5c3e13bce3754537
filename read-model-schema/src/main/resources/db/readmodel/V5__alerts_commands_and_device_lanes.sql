-- Alerts and device commands (issue 6), the retention of 1-minute windows, and parked events that hold back their
-- device's later events. Like the other read models, maintained by projection-service from telemetra.device-events.

-- One row per alert, as its events left it. Timestamps are the events' own, never the time of projection, so a rebuild
-- from the history writes exactly the same rows.
create table alert (
    device_id         text             not null,
    alert_id          text             not null,
    metric            text             not null,
    kind              text             not null,
    severity          text             not null,
    state             text             not null,
    value             double precision not null,
    detail            text,
    raised_at         timestamptz      not null,
    acknowledged_by   text,
    acknowledged_at   timestamptz,
    escalated_at      timestamptz,
    escalation_reason text,
    resolved_at       timestamptz,
    -- The time of its last change.
    updated_at        timestamptz      not null,
    -- The device-stream sequence of the last event applied to this row: every upsert is conditional on it, and the
    -- live stream compares it with the event it is showing.
    sequence_number   bigint           not null,
    constraint alert_pk primary key (device_id, alert_id),
    constraint alert_device_fk foreign key (device_id) references device (device_id) on delete cascade,
    constraint alert_kind_ck check (kind in ('THRESHOLD_HIGH', 'THRESHOLD_LOW', 'ANOMALY')),
    constraint alert_severity_ck check (severity in ('INFO', 'WARNING', 'CRITICAL')),
    constraint alert_state_ck check (state in ('OPEN', 'ACKNOWLEDGED', 'ESCALATED', 'RESOLVED'))
);

-- GET /api/alerts lists newest first, filtered by state, device or neither; the key columns end each index so that a
-- page is read in order straight from it. The state index also serves the fleet's open and escalated counts.
create index alert_raised_idx on alert (raised_at desc, device_id, alert_id);
create index alert_state_idx on alert (state, raised_at desc, device_id, alert_id);
create index alert_device_idx on alert (device_id, raised_at desc, alert_id);

-- One row per device command with its delivery state.
create table device_command (
    device_id       text        not null,
    command_id      text        not null,
    type            text        not null,
    parameters      jsonb       not null default '{}'::jsonb,
    status          text        not null,
    issued_by       text,
    issued_at       timestamptz not null,
    alert_id        text,
    attempts        integer     not null,
    outcome         text,
    message         text,
    answered_at     timestamptz,
    sequence_number bigint      not null,
    constraint device_command_pk primary key (device_id, command_id),
    constraint device_command_device_fk foreign key (device_id) references device (device_id) on delete cascade,
    constraint device_command_status_ck
        check (status in ('ISSUED', 'ACKNOWLEDGED', 'COMPLETED', 'REJECTED', 'FAILED', 'TIMED_OUT')),
    constraint device_command_outcome_ck check (outcome in ('ACCEPTED', 'COMPLETED', 'REJECTED', 'FAILED')),
    constraint device_command_attempts_ck check (attempts >= 1)
);

-- A device's command history, newest first.
create index device_command_issued_idx on device_command (device_id, issued_at desc, command_id desc);

-- The purge of 1-minute windows past telemetra.projection.minute-window-retention.
create index reading_window_1m_start_idx on reading_window_1m (window_start);

-- A parked record holds back the later records of its device (the record key): they are parked behind it as 'held'
-- until it is retried or skipped, so that no device applies its events out of order or passes one over silently. A
-- skipped record stays, as 'skipped', holding nothing back: the admin's decision, which a rebuild honours too.
-- Records parked before this migration leave device_id null: their devices applied the events behind them already, so
-- they hold nothing back.
alter table parked_event add column device_id text;
alter table parked_event drop constraint parked_event_reason_ck;
alter table parked_event add constraint parked_event_reason_ck
    check (reason in ('malformed', 'refused', 'held', 'skipped'));
create index parked_event_device_idx on parked_event (device_id, kafka_partition, kafka_offset)
    where device_id is not null;
