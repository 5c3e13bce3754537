package io.telemetra.command.response;

import io.micrometer.core.instrument.MeterRegistry;
import io.telemetra.api.alert.AlertKind;
import io.telemetra.api.alert.AlertRaisedEvent;
import io.telemetra.api.device.AlertResponse;
import io.telemetra.api.device.Severity;
import io.telemetra.api.device.ThresholdRule;
import io.telemetra.command.DeviceStreams;
import io.telemetra.command.FaultInjectionTestBase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A saga whose command fails because the database went away is retried, not skipped: the command's failure rolls the
 * saga's work back, the processor runs it again from its token once the database is back, and the command is issued
 * exactly once.
 */
class SagaRetryIT extends FaultInjectionTestBase {

    private static final Duration RECOVERY = Duration.ofSeconds(120);

    @Autowired
    private EventStore eventStore;

    @Autowired
    @Qualifier("deviceCache")
    private Cache deviceCache;

    @Autowired
    private EmbeddedPostgres postgres;

    @Autowired
    private MeterRegistry meters;

    @Test
    void anAlertsResponseCommandThatFailsWhileTheDatabaseIsAwayIsIssuedOnceItIsBack() throws Exception {
        String deviceId = newDeviceId();
        String alertId = UUID.randomUUID().toString();
        String commandId = AlertResponseSaga.responseCommandId(alertId);
        register(deviceId);
        JdbcTemplate direct = new JdbcTemplate(postgres.getPostgresDatabase());
        double retried = retriedIssues();

        try (Connection holder = postgres.getPostgresDatabase().getConnection();
             Statement lock = holder.createStatement()) {
            // The command loads the device from the event store (the append below evicts it from the cache), and a
            // load reads the snapshot table first: held here, the command waits on it until the database goes away.
            holder.setAutoCommit(false);
            lock.execute("lock table eventstore.snapshot_event_entry in access exclusive mode");
            Instant raisedAt = Instant.now();
            DeviceStreams.append(eventStore, deviceCache, deviceId, new AlertRaisedEvent(deviceId, alertId,
                    "temperature", AlertKind.THRESHOLD_HIGH, Severity.CRITICAL, 92.5, raisedAt,
                    new ThresholdRule("temperature", null, 80.0, 5.0, Severity.CRITICAL, null,
                            new AlertResponse("THROTTLE", Map.of("percent", 50))),
                    "temperature 92.5 above max 80.0", raisedAt));
            await().atMost(RECOVERY).until(() -> direct.queryForObject("""
                    select count(*) from pg_locks
                    where relation = 'eventstore.snapshot_event_entry'::regclass and not granted""", Long.class) > 0);

            outages.database().cut();
            await().atMost(RECOVERY).until(() -> retriedIssues() > retried);
            holder.rollback();
        }
        assertThat(issued(direct, deviceId, commandId)).as("nothing issued while the database was away").isZero();
        outages.database().restore();

        await().atMost(RECOVERY).until(() -> issued(direct, deviceId, commandId) > 0);
        await().atMost(RECOVERY).until(() -> sagas(direct, commandId) == 2);
        assertThat(issued(direct, deviceId, commandId)).as("issued exactly once").isEqualTo(1);
        assertThat(direct.queryForList("""
                select saga_type from eventstore.association_value_entry
                where association_key = 'alertId' and association_value = ?""", String.class, alertId))
                .containsExactly(AlertResponseSaga.class.getName());
    }

    /** Times a saga's IssueDeviceCommand failed and was left to be retried. */
    private double retriedIssues() {
        return meters.find("telemetra.sagas.command-failures").tag("command", "IssueDeviceCommand")
                .tag("outcome", "retried").counters().stream().mapToDouble(counter -> counter.count()).sum();
    }

    private static long issued(JdbcTemplate db, String deviceId, String commandId) {
        return db.queryForObject("""
                select count(*) from eventstore.domain_event_entry
                where aggregate_identifier = ? and payload_type like '%.DeviceCommandIssuedEvent'
                and convert_from(payload, 'UTF8')::jsonb ->> 'commandId' = ?""", Long.class, deviceId, commandId);
    }

    /** Sagas associated with the command: the alert's, and the command's own delivery saga. */
    private static long sagas(JdbcTemplate db, String commandId) {
        return db.queryForObject("""
                select count(distinct saga_id) from eventstore.association_value_entry
                where association_key = 'commandId' and association_value = ?""", Long.class, commandId);
    }
}
