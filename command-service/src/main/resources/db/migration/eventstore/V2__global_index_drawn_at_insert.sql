-- Events are appended by Axon's JdbcEventStorageEngine (EventStoreConfiguration), which leaves global_index out of its
-- multi-row INSERT: each row draws its id from the sequence inside PostgreSQL, at insert time, in the same round trip.
-- Ids stay in insert order across instances (no blocks reserved per JVM, so no ids far behind the head), without the
-- extra nextval round trip per event that Hibernate's increment-1 sequence cost. A gap now only lasts while an
-- inserting transaction is open; tracking tokens wait for it (gap-aware), so keep those transactions short.
alter table domain_event_entry alter column global_index set default nextval('domain_event_entry_seq');
alter sequence domain_event_entry_seq owned by domain_event_entry.global_index;
