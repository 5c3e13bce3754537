-- The event table, partitioned so that old reading events can leave it by dropping a partition instead of deleting rows
-- (which bloats the table and its indexes, and costs as much as inserting them did):
--
--   domain_event_entry                      list (payload_type)
--     domain_event_entry_reading            ReadingRecordedEvent, range (time_stamp collate "C")
--       domain_event_entry_rYYYYMMDD        one UTC day of stored time; created ahead (EventStorePartitions), archived
--                                           and dropped past the hot horizon (archive/Archiver)
--       domain_event_entry_reading_default  a reading whose day has no partition (yet): kept, never lost
--     domain_event_entry_other              every other event (lifecycle, rules, alerts, commands): never dropped
--
-- time_stamp is Axon's ISO-8601 text (2026-11-30T06:00:00.123Z); in the "C" collation it sorts like time within a
-- day's bounds ('2026-11-30' <= t < '2026-12-01'), which is all the ranges need.
--
-- PostgreSQL enforces unique keys only within a partition, so the unique (aggregate_identifier, sequence_number) key
-- that detected concurrent appends and duplicate registrations is replaced by event_stream_head: one row per stream,
-- moved forward by a trigger after every INSERT statement only from the sequence number the appended events follow.
-- A writer whose aggregate state was stale, or a second registration, finds the head moved and gets the same
-- unique_violation (23505) the key gave, which Axon turns into a ConcurrencyException or an
-- AggregateStreamCreationException as before. Two writers of one stream wait for each other on its head row.
-- The events' own unique keys go: global_index is drawn from the sequence, and event identifiers are random UUIDs whose
-- index took random writes as it grew; both keep plain indexes per partition (tracking reads, aggregate loads).
--
-- Existing events are copied once, in global order: run this migration when the service may stop for a while on a
-- large store (minutes per ten million events here).

create table event_stream_head (
    aggregate_identifier varchar(255) not null,
    sequence_number      bigint       not null,
    constraint event_stream_head_pkey primary key (aggregate_identifier)
);

alter sequence domain_event_entry_seq owned by none;
alter table domain_event_entry rename to domain_event_entry_unpartitioned;

create table domain_event_entry (
    global_index         bigint       not null default nextval('domain_event_entry_seq'),
    event_identifier     varchar(255) not null,
    aggregate_identifier varchar(255) not null,
    sequence_number      bigint       not null,
    type                 varchar(255),
    time_stamp           varchar(255) not null,
    payload_type         varchar(255) not null,
    payload_revision     varchar(255),
    payload              bytea        not null,
    meta_data            bytea
) partition by list (payload_type);

create table domain_event_entry_other partition of domain_event_entry default;
create table domain_event_entry_reading partition of domain_event_entry
    for values in ('io.telemetra.api.telemetry.ReadingRecordedEvent')
    partition by range (time_stamp collate "C");
create table domain_event_entry_reading_default partition of domain_event_entry_reading default;

create index domain_event_entry_global_index_idx on domain_event_entry (global_index);
create index domain_event_entry_stream_idx on domain_event_entry (aggregate_identifier, sequence_number);

alter sequence domain_event_entry_seq owned by domain_event_entry.global_index;

-- Creates the day partitions of reading events from first_day to last_day (UTC, inclusive) that do not exist yet, each
-- as a table of its own attached to domain_event_entry_reading (attaching locks neither readers nor writers of the
-- other partitions). Readings of such a day that went to the default partition meanwhile move into it.
-- Returns how many were created. Callers that race (instances, the schedule) take turns. Like the trigger below, it
-- runs with this schema on its search path whatever the caller's (a bulk load connects without it).
create function ensure_reading_event_partitions(first_day date, last_day date) returns integer
    language plpgsql set search_path from current as $$
declare
    day     date;
    name    text;
    low     text;
    high    text;
    created integer := 0;
begin
    perform pg_advisory_xact_lock(hashtext('ensure_reading_event_partitions'));
    for day in select d::date from generate_series(first_day, last_day, interval '1 day') as d loop
        name := 'domain_event_entry_r' || to_char(day, 'YYYYMMDD');
        if exists (select 1 from pg_class c join pg_namespace n on n.oid = c.relnamespace
                   where c.relname = name and n.nspname = current_schema()) then
            continue;
        end if;
        low := to_char(day, 'YYYY-MM-DD');
        high := to_char(day + 1, 'YYYY-MM-DD');
        execute format('create table %I (like domain_event_entry_reading including defaults)', name);
        execute format('with moved as (delete from domain_event_entry_reading_default'
                       || ' where time_stamp collate "C" >= %L and time_stamp collate "C" < %L returning *)'
                       || ' insert into %I select * from moved', low, high, name);
        execute format('alter table domain_event_entry_reading attach partition %I for values from (%L) to (%L)',
                       name, low, high);
        created := created + 1;
    end loop;
    return created;
end
$$;

-- The heads of the streams stored so far, then their events, routed into the partitions.
insert into event_stream_head (aggregate_identifier, sequence_number)
select aggregate_identifier, max(sequence_number) from domain_event_entry_unpartitioned group by aggregate_identifier;

select ensure_reading_event_partitions(
    least((select min(left(time_stamp, 10))::date from domain_event_entry_unpartitioned
           where payload_type = 'io.telemetra.api.telemetry.ReadingRecordedEvent'), current_date),
    current_date + 2);

insert into domain_event_entry select * from domain_event_entry_unpartitioned order by global_index;
drop table domain_event_entry_unpartitioned;

-- Moves each appended stream's head forward, or raises unique_violation when the events do not follow it: the head is
-- elsewhere (a concurrent or stale writer), a new stream does not start at 0 or exists already, or the statement
-- skips or repeats a sequence number.
create function advance_event_stream_heads() returns trigger
    language plpgsql set search_path from current as $$
declare
    refused text;
begin
    with appended as (
        select aggregate_identifier, min(sequence_number) as first, max(sequence_number) as last,
               count(*) as events, count(distinct sequence_number) as distinct_numbers
        from appended_events
        group by aggregate_identifier
    ), advanced as (
        insert into event_stream_head as h (aggregate_identifier, sequence_number)
        select aggregate_identifier, last from appended
        where events = distinct_numbers and events = last - first + 1
        order by aggregate_identifier
        on conflict (aggregate_identifier) do update set sequence_number = excluded.sequence_number
        where h.sequence_number + 1 = (select a.first from appended a
                                       where a.aggregate_identifier = excluded.aggregate_identifier)
        returning h.aggregate_identifier, (h.xmax = 0) as created
    )
    select a.aggregate_identifier into refused
    from appended a left join advanced v on v.aggregate_identifier = a.aggregate_identifier
    where v.aggregate_identifier is null or (v.created and a.first <> 0)
    limit 1;
    if refused is not null then
        raise exception 'duplicate key value violates unique constraint "event_stream_head_pkey"'
            using errcode = 'unique_violation',
                  detail = format('the appended events of %s do not follow its stored head', refused),
                  constraint = 'event_stream_head_pkey';
    end if;
    return null;
end
$$;

create trigger domain_event_entry_stream_heads
    after insert on domain_event_entry
    referencing new table as appended_events
    for each statement execute function advance_event_stream_heads();
