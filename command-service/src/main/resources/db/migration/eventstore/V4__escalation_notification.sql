-- One row per escalated alert: what the on-call webhook was, or was not, told. Inserted with the escalation's tracking
-- token (a redelivered event finds the row and notifies nobody twice); its delivery is the db-scheduler task
-- escalation-webhook with the alert id as instance id. PENDING until the webhook answered 2xx (DELIVERED) or the last
-- attempt failed (FAILED); SKIPPED when no webhook is configured.
create table escalation_notification (
    alert_id       varchar(255)             not null,
    device_id      varchar(255)             not null,
    reason         text,
    escalated_at   timestamp with time zone not null,
    correlation_id varchar(255),
    status         varchar(16)              not null,
    attempts       integer                  not null default 0,
    last_error     text,
    recorded_at    timestamp with time zone not null,
    updated_at     timestamp with time zone not null,
    delivered_at   timestamp with time zone,
    constraint escalation_notification_pkey primary key (alert_id),
    constraint escalation_notification_status_check
        check (status in ('PENDING', 'DELIVERED', 'FAILED', 'SKIPPED'))
);

-- What operations look for: notifications not delivered (yet).
create index escalation_notification_undelivered_idx on escalation_notification (status, updated_at)
    where status in ('PENDING', 'FAILED');
