-- The stream-head trigger of V5 checked each existing head against the statement's appended events through a subquery
-- run once per stream, which scanned every appended stream: quadratic in the streams of one INSERT (a poll of 1,000
-- devices took ~70 ms of PostgreSQL CPU in the trigger alone, a 20,000-row bulk load of 10,000 devices ~6 s). Each
-- head row now carries the first sequence number of the append that last moved it, so the conflict check compares
-- the stored head with the proposed row directly. Same rules, same errors, same lock order as before.
alter table event_stream_head add column appended_from bigint;

create or replace function advance_event_stream_heads() returns trigger
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
        insert into event_stream_head as h (aggregate_identifier, sequence_number, appended_from)
        select aggregate_identifier, last, first from appended
        where events = distinct_numbers and events = last - first + 1
        order by aggregate_identifier
        on conflict (aggregate_identifier) do update
        set sequence_number = excluded.sequence_number, appended_from = excluded.appended_from
        where h.sequence_number + 1 = excluded.appended_from
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
