-- db-scheduler 16.6's table (its PostgreSQL DDL): Axon's persistent deadlines (task AxonDeadline, for sagas and
-- aggregates) and the escalation webhook's deliveries. db-scheduler does not create it. Rows are written through the
-- service's DataSource, in the caller's transaction when there is one: a deadline scheduled by a saga is stored with
-- the saga's state and tracking token, or not at all.
create table scheduled_tasks (
    task_name            text                     not null,
    task_instance        text                     not null,
    task_data            bytea,
    execution_time       timestamp with time zone not null,
    picked               boolean                  not null,
    picked_by            text,
    last_success         timestamp with time zone,
    last_failure         timestamp with time zone,
    consecutive_failures integer,
    last_heartbeat       timestamp with time zone,
    version              bigint                   not null,
    priority             smallint,
    constraint scheduled_tasks_pkey primary key (task_name, task_instance)
);

-- Due executions are polled by execution time; dead executions (an instance that stopped heart-beating) by heartbeat.
create index scheduled_tasks_execution_time_idx on scheduled_tasks (execution_time);
create index scheduled_tasks_last_heartbeat_idx on scheduled_tasks (last_heartbeat);
create index scheduled_tasks_priority_execution_time_idx on scheduled_tasks (priority desc, execution_time asc);
