-- The raw series keyed in the order it is read: (device_id, metric, reading_timestamp, reading_id). The key was
-- (device_id, reading_id, reading_timestamp) next to a series index on (device_id, metric, reading_timestamp), so every
-- stored reading went into two B-trees, one of them at a random place (reading ids). The key's index now serves the
-- series queries as well, in the order they return rows, and a reading delivered twice (same device, metric, timestamp
-- and id) still conflicts with itself. Rebuilding the key reads every partition once: on a large raw series this
-- migration takes minutes, during which projection-service does not start.
drop index reading_series_idx;
alter table reading drop constraint reading_pk;
alter table reading add constraint reading_pk primary key (device_id, metric, reading_timestamp, reading_id);
