-- Device read model: one row per device, maintained by projection-service from telemetra.device-events.
-- Names are unqualified: Flyway runs with the readmodel schema first on the search path.

create table device (
    device_id     text             not null,
    type          text             not null,
    name          text             not null,
    site          text,
    location_lat  double precision,
    location_lon  double precision,
    metadata      jsonb            not null default '{}'::jsonb,
    status        text             not null,
    registered_at timestamptz      not null,
    last_seen     timestamptz,
    open_alerts   integer          not null default 0,
    -- Idempotency guard: the sequence number of the last event applied to this row; every update is conditional on it.
    last_sequence bigint           not null,
    updated_at    timestamptz      not null default now(),
    constraint device_pk primary key (device_id),
    constraint device_status_ck check (status in ('REGISTERED', 'ONLINE', 'OFFLINE', 'DECOMMISSIONED')),
    constraint device_location_ck check ((location_lat is null) = (location_lon is null)),
    constraint device_open_alerts_ck check (open_alerts >= 0),
    constraint device_last_sequence_ck check (last_sequence >= 0)
);

-- Fleet list filters; device_id second so a filtered page ordered by id is read straight from the index.
create index device_type_idx on device (type, device_id);
create index device_status_idx on device (status, device_id);
create index device_site_idx on device (site, device_id);

-- Latest value per metric. The newest by event time wins; sequence_number breaks ties between readings with the same
-- timestamp so the outcome does not depend on the order in which events are applied.
create table device_latest_reading (
    device_id         text             not null,
    metric            text             not null,
    value             double precision not null,
    unit              text,
    reading_timestamp timestamptz      not null,
    reading_id        text,
    sequence_number   bigint           not null,
    constraint device_latest_reading_pk primary key (device_id, metric),
    constraint device_latest_reading_device_fk foreign key (device_id) references device (device_id) on delete cascade
);
