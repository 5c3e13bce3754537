-- Raw readings partitioned by UTC day of event time, so that their retention drops whole partitions instead of
-- deleting rows (which bloats the table and its indexes and costs as much as the inserts did). projection-service keeps
-- the days from its raw retention up to a few days ahead (ReadingRetention); a reading whose day has no partition (one
-- arriving later than that, in a rebuild's replay or a late delivery) goes to reading_default, purged by delete.
--
-- A partitioned table's unique keys must include its partition key, so the raw idempotency key becomes
-- (device_id, reading_id, reading_timestamp): a reading delivered twice has the same timestamp and is still stored, and
-- counted in its windows, once. The B-tree on reading_timestamp goes (the purge drops partitions); a BRIN index, a few
-- pages per partition, keeps the fleet's readings in the last minute a short scan of today's partition.

alter table reading rename to reading_unpartitioned;
alter table reading_unpartitioned rename constraint reading_pk to reading_unpartitioned_pk;
drop index reading_series_idx;
drop index reading_timestamp_idx;

create table reading (
    device_id         text             not null,
    reading_id        text             not null,
    metric            text             not null,
    reading_timestamp timestamptz      not null,
    value             double precision not null,
    unit              text,
    sequence_number   bigint           not null,
    constraint reading_pk primary key (device_id, reading_id, reading_timestamp)
) partition by range (reading_timestamp);

create table reading_default partition of reading default;

create index reading_series_idx on reading (device_id, metric, reading_timestamp);
create index reading_timestamp_brin on reading using brin (reading_timestamp);

-- Creates the day partitions of raw readings from first_day to last_day (UTC, inclusive) that do not exist yet, moving
-- readings of such a day out of reading_default. Callers that race take turns. Returns how many were created.
create function ensure_reading_partitions(first_day date, last_day date) returns integer
    language plpgsql as $$
declare
    day     date;
    name    text;
    low     timestamptz;
    high    timestamptz;
    created integer := 0;
begin
    perform pg_advisory_xact_lock(hashtext(current_schema() || '.ensure_reading_partitions'));
    for day in select d::date from generate_series(first_day, last_day, interval '1 day') as d loop
        name := 'reading_p' || to_char(day, 'YYYYMMDD');
        if exists (select 1 from pg_class c join pg_namespace n on n.oid = c.relnamespace
                   where c.relname = name and n.nspname = current_schema()) then
            continue;
        end if;
        low := (day::timestamp) at time zone 'UTC';
        high := ((day + 1)::timestamp) at time zone 'UTC';
        execute format('create table %I (like reading including defaults)', name);
        execute format('with moved as (delete from reading_default where reading_timestamp >= %L'
                       || ' and reading_timestamp < %L returning *) insert into %I select * from moved',
                       low, high, name);
        execute format('alter table reading attach partition %I for values from (%L) to (%L)', name, low, high);
        created := created + 1;
    end loop;
    return created;
end
$$;

select ensure_reading_partitions(
    least((select min(reading_timestamp at time zone 'UTC')::date from reading_unpartitioned), current_date),
    current_date + 3);

insert into reading select * from reading_unpartitioned;
drop table reading_unpartitioned;

-- The purge of 1-hour windows past telemetra.projection.hour-window-retention.
create index reading_window_1h_start_idx on reading_window_1h (window_start);
