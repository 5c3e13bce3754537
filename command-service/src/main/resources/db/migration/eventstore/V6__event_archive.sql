-- What the archive holds (archive/Archiver): one segment per day partition of reading events moved out of
-- domain_event_entry, and where each stream's events are in the segment's file. The same facts are in each segment's
-- manifest next to its file, so the archive describes itself without this database.
--
-- A segment is EXPORTED once its file and manifest are durable in the archive store, VERIFIED once they were read back
-- from the store and matched what was exported, and DROPPED once its partition was dropped in the same transaction
-- that checked, under lock, that the partition still held exactly what was exported. Only DROPPED segments are read
-- back as history: before that, the events are still in domain_event_entry.
create table archive_segment (
    partition_name   varchar(63)              not null,
    first_day        date                     not null,
    state            varchar(16)              not null,
    events           bigint                   not null,
    -- Order-independent digest of every exported event (ArchiveDigest), as a decimal.
    content_digest   numeric                  not null,
    file_name        text                     not null,
    file_bytes       bigint                   not null,
    file_sha256      varchar(64)              not null,
    min_global_index bigint,
    max_global_index bigint,
    exported_at      timestamp with time zone not null,
    verified_at      timestamp with time zone,
    dropped_at       timestamp with time zone,
    constraint archive_segment_pkey primary key (partition_name),
    constraint archive_segment_state_check check (state in ('EXPORTED', 'VERIFIED', 'DROPPED'))
);

-- One row per stream per segment: its events are one gzip member of the segment's file, in sequence order.
create table archive_stream (
    partition_name       varchar(63)  not null,
    aggregate_identifier varchar(255) not null,
    first_sequence       bigint       not null,
    last_sequence        bigint       not null,
    events               integer      not null,
    first_time_stamp     varchar(255) not null,
    last_time_stamp      varchar(255) not null,
    byte_offset          bigint       not null,
    byte_length          bigint       not null,
    constraint archive_stream_pkey primary key (aggregate_identifier, partition_name),
    constraint archive_stream_segment_fk foreign key (partition_name) references archive_segment (partition_name)
        on delete cascade
);

create index archive_stream_segment_idx on archive_stream (partition_name);
