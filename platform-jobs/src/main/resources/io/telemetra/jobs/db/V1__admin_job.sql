-- Long-running administrative jobs (rebuilds, re-publications) of every instance of the service: any instance answers
-- for any job, and a job whose instance died is found out by its heartbeat.
create table admin_job (
    id              text        not null,
    kind            text        not null,
    state           text        not null,
    -- The instance running the job (<pid>@<host>); only it updates the row while the job runs.
    owner           text        not null,
    processed       bigint      not null,
    total           bigint      not null,
    started_at      timestamptz not null,
    work_started_at timestamptz,
    finished_at     timestamptz,
    -- Refreshed by the owner while the job runs; a running job whose heartbeat is too old lost its instance.
    heartbeat_at    timestamptz not null,
    error           text,
    -- What is particular to a kind of job: a rebuild's phase, a re-publication's start.
    details         jsonb       not null,
    constraint admin_job_pkey primary key (id),
    constraint admin_job_state_check check (state in ('RUNNING', 'COMPLETED', 'FAILED'))
);

-- One running job of a kind at a time across every instance: a second start anywhere fails on this index.
create unique index admin_job_one_running_idx on admin_job (kind) where state = 'RUNNING';
create index admin_job_kind_started_idx on admin_job (kind, started_at);
