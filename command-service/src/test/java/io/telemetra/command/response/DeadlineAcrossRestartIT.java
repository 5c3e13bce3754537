package io.telemetra.command.response;

import com.fasterxml.jackson.databind.JsonNode;
import io.telemetra.api.device.RegisterDeviceCommand;
import io.telemetra.api.devicecommand.IssueDeviceCommand;
import io.telemetra.api.devicecommand.TimeOutDeviceCommand;
import io.telemetra.command.CommandServiceApplication;
import io.telemetra.command.IntegrationTestBase;
import io.telemetra.command.StoredEvents;
import io.telemetra.testsupport.RestartablePostgres;
import io.telemetra.testsupport.TestTokens;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A deadline survives a restart of command-service: scheduled by one instance, which is then closed, it fires in the
 * next instance started on the same database, where the Device times the command out. The two instances run on a
 * database of their own, on the shared test server and broker, so that the shared context's scheduler cannot fire the
 * deadline in their place.
 */
class DeadlineAcrossRestartIT extends IntegrationTestBase {

    /** Long enough for the first instance to close before the deadline is due. */
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(15);

    @Autowired
    private RestartablePostgres postgres;

    @Value("${spring.kafka.bootstrap-servers}")
    private String bootstrapServers;

    @Test
    void anAckDeadlineScheduledBeforeARestartTimesTheCommandOutAfterIt() {
        String database = "restart_" + UUID.randomUUID().toString().replace("-", "");
        jdbc.execute("create database " + database);
        String url = postgres.getJdbcUrl("postgres", database);
        String deviceId = newDeviceId();
        String commandId = UUID.randomUUID().toString();

        String deadlineId;
        try (ConfigurableApplicationContext first = start(url)) {
            CommandGateway commands = first.getBean(CommandGateway.class);
            commands.sendAndWait(new RegisterDeviceCommand(
                    deviceId, "thermostat", "Thermostat", null, null, Map.of(), Instant.now()));
            commands.sendAndWait(new IssueDeviceCommand(deviceId, commandId, "REBOOT", Map.of(), "operator-1", null,
                    Instant.now()));
            JdbcTemplate firstDb = first.getBean(JdbcTemplate.class);
            deadlineId = await().atMost(Duration.ofSeconds(30)).until(() -> firstDb.queryForList("""
                    select convert_from(s.serialized_saga, 'UTF8')::jsonb ->> 'ackDeadlineId' from saga_entry s
                    join association_value_entry a on a.saga_id = s.saga_id
                    where a.association_key = 'commandId' and a.association_value = ?""",
                    String.class, commandId), found -> found.size() == 1).get(0);
            assertThat(first.getBean(DispatchedCommands.class).of(TimeOutDeviceCommand.class)).isEmpty();
        }

        SingleConnectionDataSource dataSource = new SingleConnectionDataSource(url, "postgres", "", true);
        try {
            JdbcTemplate db = new JdbcTemplate(dataSource);
            assertThat(pendingDeadlines(db, deadlineId)).as("still stored after the first instance stopped")
                    .isEqualTo(1);

            try (ConfigurableApplicationContext second = start(url)) {
                DispatchedCommands dispatched = second.getBean(DispatchedCommands.class);
                List<TimeOutDeviceCommand> timeOuts = await().atMost(Duration.ofSeconds(60))
                        .until(() -> dispatched.of(TimeOutDeviceCommand.class), found -> !found.isEmpty());
                assertThat(timeOuts).singleElement().satisfies(timeOut -> {
                    assertThat(timeOut.deviceId()).isEqualTo(deviceId);
                    assertThat(timeOut.commandId()).isEqualTo(commandId);
                    assertThat(timeOut.attempts()).isEqualTo(1);
                });

                StoredEvents events = new StoredEvents(second.getBean(JdbcTemplate.class));
                List<JsonNode> timedOut = await().atMost(Duration.ofSeconds(30))
                        .until(() -> events.payloads(deviceId, "DeviceCommandTimedOutEvent"), found -> !found.isEmpty());
                assertThat(timedOut).singleElement().satisfies(event -> {
                    assertThat(event.path("commandId").asText()).isEqualTo(commandId);
                    assertThat(event.path("attempts").asInt()).isEqualTo(1);
                });
                // db-scheduler removes a one-time execution once it completed.
                await().atMost(Duration.ofSeconds(30)).until(() -> pendingDeadlines(db, deadlineId) == 0);
            }
        } finally {
            dataSource.destroy();
        }
    }

    private static long pendingDeadlines(JdbcTemplate db, String deadlineId) {
        return db.queryForObject("select count(*) from eventstore.scheduled_tasks where task_instance = ?",
                Long.class, deadlineId);
    }

    /** One instance of command-service on the given database: one delivery per command, answered or timed out. */
    private ConfigurableApplicationContext start(String url) {
        return new SpringApplicationBuilder(CommandServiceApplication.class, DispatchedCommands.class).run(
                "--spring.datasource.url=" + url,
                "--spring.datasource.username=postgres",
                "--spring.datasource.password=",
                "--spring.kafka.bootstrap-servers=" + bootstrapServers,
                "--server.port=0",
                "--spring.main.banner-mode=off",
                "--" + TestTokens.SECRET_PROPERTY,
                "--telemetra.telemetry-consumer.enabled=false",
                "--telemetra.responses.ack-timeout=" + ACK_TIMEOUT.toSeconds() + "s",
                "--telemetra.responses.max-attempts=1");
    }
}
