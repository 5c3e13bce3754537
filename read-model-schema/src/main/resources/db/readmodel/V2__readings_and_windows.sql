-- Time series by event time (the device's timestamp), maintained by projection-service from ReadingRecorded events.
-- No foreign keys to device: these are the hottest tables, and only readings of a registered device (its row locked
-- by the same transaction) are ever written.

-- Raw readings, kept for telemetra.projection.raw-retention and purged by event time.
create table reading (
    device_id         text             not null,
    reading_id        text             not null,
    metric            text             not null,
    reading_timestamp timestamptz      not null,
    value             double precision not null,
    unit              text,
    sequence_number   bigint           not null,
    -- The write side's idempotency key: a reading delivered twice is stored, and counted in its windows, once.
    constraint reading_pk primary key (device_id, reading_id)
);

-- A series over a time range.
create index reading_series_idx on reading (device_id, metric, reading_timestamp);
-- The retention purge and the fleet's readings in the last minute.
create index reading_timestamp_idx on reading (reading_timestamp);

-- Tumbling windows per device and metric, aligned on UTC minutes and hours. A late reading updates the window its
-- timestamp falls in; mean = sum / count.
create table reading_window_1m (
    device_id    text             not null,
    metric       text             not null,
    window_start timestamptz      not null,
    count        bigint           not null,
    min          double precision not null,
    max          double precision not null,
    sum          double precision not null,
    constraint reading_window_1m_pk primary key (device_id, metric, window_start),
    constraint reading_window_1m_count_ck check (count > 0)
);

create table reading_window_1h (
    device_id    text             not null,
    metric       text             not null,
    window_start timestamptz      not null,
    count        bigint           not null,
    min          double precision not null,
    max          double precision not null,
    sum          double precision not null,
    constraint reading_window_1h_pk primary key (device_id, metric, window_start),
    constraint reading_window_1h_count_ck check (count > 0)
);
