-- Records of telemetra.device-events that projection-service could not apply (malformed, or refused by the database),
-- set aside so that the partition moves on, until an admin retries them.
create table parked_event (
    id              bigint generated always as identity,
    topic           text        not null,
    kafka_partition integer     not null,
    kafka_offset    bigint      not null,
    record_key      text,
    record_value    bytea,
    -- 'malformed' or 'refused'
    reason          text        not null,
    detail          text        not null,
    parked_at       timestamptz not null default now(),
    retries         integer     not null default 0,
    last_retried_at timestamptz,
    constraint parked_event_pk primary key (id),
    -- A record reported twice (a redelivered batch, a retried recovery) is parked once.
    constraint parked_event_record_uk unique (topic, kafka_partition, kafka_offset),
    constraint parked_event_reason_ck check (reason in ('malformed', 'refused'))
);
