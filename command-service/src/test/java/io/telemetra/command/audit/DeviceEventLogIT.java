package io.telemetra.command.audit;

import io.telemetra.api.telemetry.ReadingRecordedEvent;
import io.telemetra.command.IntegrationTestBase;
import io.telemetra.command.eventstore.DayPartitionLock;
import org.axonframework.eventhandling.DomainEventMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the audit's reads of the event store touch: a window of a long history reads the days it covers. */
class DeviceEventLogIT extends IntegrationTestBase {

    @Autowired
    private DeviceEventLog eventLog;

    @Autowired
    private DataSource dataSource;

    @Autowired
    private PlatformTransactionManager transactionManager;

    private TransactionTemplate transactions;

    @BeforeEach
    void transactions() {
        transactions = new TransactionTemplate(transactionManager);
    }

    @Test
    void aHistoryOrStateBoundedInTimeReadsNoDayPartitionOutsideItsBoundsAndADayOfMargin() throws Exception {
        String deviceId = newDeviceId();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        register(deviceId);
        assertThat(post("/api/devices/" + deviceId + "/readings", "[%s, %s]".formatted(
                reading("temperature", 20.5, now.minusSeconds(2)), reading("temperature", 21.0, now.minusSeconds(1))))
                .getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        LocalDate older = LocalDate.ofInstant(now, ZoneOffset.UTC).minusDays(3);
        Instant lastHour = now.minus(Duration.ofHours(1));
        HistoryQuery sinceAnHourAgo = new HistoryQuery(deviceId, lastHour, null, null, 0, 50);
        HistoryQuery readingsSinceAnHourAgo = new HistoryQuery(deviceId, lastHour, now.plusSeconds(1),
                ReadingRecordedEvent.class, 0, 50);
        HistoryQuery everything = new HistoryQuery(deviceId, null, null, null, 0, 50);

        try (DayPartitionLock ignored = DayPartitionLock.hold(dataSource, jdbc, older)) {
            assertThat(withLockTimeout(() -> eventLog.page(sinceAnHourAgo)))
                    .extracting(DomainEventMessage::getSequenceNumber).containsExactly(0L, 1L, 2L, 3L);
            assertThat(withLockTimeout(() -> eventLog.count(sinceAnHourAgo))).isEqualTo(4);
            assertThat(withLockTimeout(() -> eventLog.page(readingsSinceAnHourAgo)))
                    .extracting(DomainEventMessage::getSequenceNumber).containsExactly(2L, 3L);
            assertThat(withLockTimeout(() -> eventLog.lastSequenceAt(deviceId, older.minusDays(2).atStartOfDay()
                    .toInstant(ZoneOffset.UTC)))).as("nothing was stored that early").isEmpty();
            assertThatThrownBy(() -> withLockTimeout(() -> eventLog.count(everything)))
                    .as("a history without bounds reads every day").hasStackTraceContaining("lock timeout");
        }
    }

    private <T> T withLockTimeout(Supplier<T> read) {
        return DayPartitionLock.read(transactions, jdbc, read);
    }
}
