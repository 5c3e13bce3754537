-- Axon Framework 4.13's JPA entities (event store, token store, saga store, dead-letter queue), column for column as
-- Hibernate 6.6 generates them with PostgresByteaDialect, so that `ddl-auto: validate` passes. Serialized payloads,
-- metadata, tokens and sagas are JSON in bytea: readable with convert_from(payload, 'UTF8')::jsonb.

-- global_index orders the event stream for every tracking processor, so ids must be drawn when the row is inserted,
-- not reserved in blocks. Hibernate's default allocation of 50 keeps a block per JVM: with several command-service
-- instances an idle one writes ids far behind the head, after tracking tokens have given up on those gaps (gap timeout,
-- max gap offset), and those events would never be published. INCREMENT BY 1 costs one nextval round trip per event
-- (a third to two thirds of the write throughput, as measured here); `increment_size_mismatch_strategy: fix` makes
-- Hibernate follow the increment declared here. A deployment that will only ever run a single writer may
-- ALTER SEQUENCE ... INCREMENT BY 50 for the throughput: from its next start Hibernate allocates 50 at a time, and a
-- restart then only leaves harmless gaps.
create sequence domain_event_entry_seq start with 1 increment by 1;

-- Association ids order nothing: keep Hibernate's block allocation of 50.
create sequence association_value_entry_seq start with 1 increment by 50;

create table domain_event_entry (
    global_index         bigint       not null,
    event_identifier     varchar(255) not null,
    aggregate_identifier varchar(255) not null,
    sequence_number      bigint       not null,
    type                 varchar(255),
    time_stamp           varchar(255) not null,
    payload_type         varchar(255) not null,
    payload_revision     varchar(255),
    payload              bytea        not null,
    meta_data            bytea,
    constraint domain_event_entry_pkey primary key (global_index),
    -- Optimistic concurrency and duplicate-creation detection rely on this one.
    constraint domain_event_entry_aggregate_sequence_key unique (aggregate_identifier, sequence_number),
    constraint domain_event_entry_event_identifier_key unique (event_identifier)
);

create table snapshot_event_entry (
    aggregate_identifier varchar(255) not null,
    sequence_number      bigint       not null,
    type                 varchar(255) not null,
    event_identifier     varchar(255) not null,
    time_stamp           varchar(255) not null,
    payload_type         varchar(255) not null,
    payload_revision     varchar(255),
    payload              bytea        not null,
    meta_data            bytea,
    constraint snapshot_event_entry_pkey primary key (aggregate_identifier, sequence_number, type),
    constraint snapshot_event_entry_event_identifier_key unique (event_identifier)
);

create table token_entry (
    processor_name varchar(255) not null,
    segment        integer      not null,
    token          bytea,
    token_type     varchar(255),
    timestamp      varchar(255) not null,
    owner          varchar(255),
    constraint token_entry_pkey primary key (processor_name, segment)
);

create table saga_entry (
    saga_id         varchar(255) not null,
    saga_type       varchar(255),
    revision        varchar(255),
    serialized_saga bytea,
    constraint saga_entry_pkey primary key (saga_id)
);

create table association_value_entry (
    id                bigint       not null,
    association_key   varchar(255) not null,
    association_value varchar(255),
    saga_id           varchar(255) not null,
    saga_type         varchar(255),
    constraint association_value_entry_pkey primary key (id)
);

-- Every saga query of JpaSagaStore filters on saga_type + association key and value (finding sagas for an event) or on
-- saga_id + saga_type (loading a saga's associations); an index on key and value alone would serve none of them.
create index association_value_entry_type_key_value_idx
    on association_value_entry (saga_type, association_key, association_value);
create index association_value_entry_saga_idx
    on association_value_entry (saga_id, saga_type);

-- Axon registers its JPA dead-letter entity with the others, so validation expects the table even while no processing
-- group uses a dead-letter queue.
create table dead_letter_entry (
    dead_letter_id       varchar(255)             not null,
    processing_group     varchar(255)             not null,
    sequence_identifier  varchar(255)             not null,
    sequence_index       bigint                   not null,
    message_type         varchar(255)             not null,
    event_identifier     varchar(255)             not null,
    time_stamp           varchar(255)             not null,
    payload_type         varchar(255)             not null,
    payload_revision     varchar(255),
    payload              bytea                    not null,
    meta_data            bytea,
    type                 varchar(255),
    aggregate_identifier varchar(255),
    sequence_number      bigint,
    token_type           varchar(255),
    token                bytea,
    enqueued_at          timestamp(6) with time zone not null,
    last_touched         timestamp(6) with time zone,
    processing_started   timestamp(6) with time zone,
    cause_type           varchar(255),
    cause_message        varchar(1023),
    diagnostics          bytea,
    constraint dead_letter_entry_pkey primary key (dead_letter_id),
    constraint dead_letter_entry_sequence_key unique (processing_group, sequence_identifier, sequence_index)
);
create index dead_letter_entry_sequence_idx on dead_letter_entry (processing_group, sequence_identifier);
