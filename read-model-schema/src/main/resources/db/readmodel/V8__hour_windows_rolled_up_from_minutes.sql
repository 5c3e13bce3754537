-- 1-hour windows rolled up from the 1-minute windows instead of upserted for every reading.
--
-- The projection writes a reading's 1-minute window and marks its UTC hour pending: the transaction sets the mark of
-- the hour in one of a few slots (chosen by its id, so that concurrent writers seldom wait on each other's row) to its
-- id. projection-service's rollup recomputes each pending hour from its 1-minute windows, replacing its 1-hour windows,
-- and removes the marks it saw, unless they were set again meanwhile. A mark commits with the minutes it stands for, so
-- an hour without marks has 1-hour windows that hold every reading of it. Queries answer a pending hour from its
-- 1-minute windows.
create table reading_window_1h_pending (
    window_start timestamptz not null,
    slot         smallint    not null,
    marked       bigint      not null,
    constraint reading_window_1h_pending_pk primary key (window_start, slot)
);

-- The hours from which readings go to 1-minute windows (and are rolled up); readings of an earlier hour, whose 1-minute
-- windows are past their retention, go to its 1-hour windows directly. projection-service moves it forward, to the
-- first hour within the minute-window retention, after rolling up the hours it passes and before deleting their
-- 1-minute windows, while no projection transaction is writing readings (see HourRollup): so an hour is only ever
-- rolled up from all of its 1-minute windows, and never both rolled up and added to directly.
create table reading_window_1m_horizon (
    singleton boolean     primary key default true,
    hour      timestamptz not null,
    constraint reading_window_1m_horizon_singleton_ck check (singleton)
);

-- Until now both windows were upserted together, so an hour's 1-hour windows count what its 1-minute windows do, unless
-- the purge deleted some of these: the horizon starts after the last hour where they differ.
do $$
declare
    first_minute timestamptz := (select date_trunc('hour', min(window_start), 'UTC') from reading_window_1m);
    horizon      timestamptz;
begin
    select max(h.window_start) + interval '1 hour' into horizon
    from reading_window_1h h
    where first_minute is null or h.window_start < first_minute
       or h.count <> coalesce((select sum(m.count) from reading_window_1m m
                               where m.device_id = h.device_id and m.metric = h.metric
                                 and m.window_start >= h.window_start
                                 and m.window_start < h.window_start + interval '1 hour'), 0);
    insert into reading_window_1m_horizon (hour) values (coalesce(horizon, '-infinity'));
end
$$;

-- The 1-hour windows as they are, exactly, whatever the rollup's lag: an hour without marks from its 1-hour windows, a
-- pending one from its 1-minute windows, in one snapshot. Filters on device, metric and window start reach the tables'
-- keys in both branches.
create view reading_window_1h_exact as
select w.device_id, w.metric, w.window_start, w.count, w.min, w.max, w.sum
from reading_window_1h w
where not exists (select 1 from reading_window_1h_pending p where p.window_start = w.window_start)
union all
select m.device_id, m.metric, p.window_start, sum(m.count)::bigint, min(m.min), max(m.max), sum(m.sum)
from (select distinct window_start from reading_window_1h_pending) p
join reading_window_1m m on m.window_start >= p.window_start and m.window_start < p.window_start + interval '1 hour'
group by m.device_id, m.metric, p.window_start;
