package io.telemetra.command.telemetry;

import io.telemetra.api.error.DomainException;
import io.telemetra.api.error.ErrorCode;
import io.telemetra.api.telemetry.BatchReadingsAccepted;
import io.telemetra.api.telemetry.Reading;
import io.telemetra.api.telemetry.ReadingsAccepted;
import io.telemetra.api.telemetry.RejectedReading;
import io.telemetra.command.validation.InvalidRequestException;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class ReadingIngestionTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private final ScriptedDevices devices = new ScriptedDevices();
    private final ReadingIngestion ingestion = devices.ingestion;

    @Test
    void everyDeviceIsRecordedByOneCommandInOneUnitOfWorkInDeviceOrder() {
        BatchReadingsAccepted outcome = ingestion.ingest(Channel.REST, NOW, List.of(
                item(0, "pump", "r-1"), item(1, "boiler", "r-1"), item(2, "pump", "r-2"), item(3, "fan", "r-1")),
                List.of(), Map.of("principal", "gateway-7"));

        assertThat(devices.handled).containsExactly("boiler", "fan", "pump");
        assertThat(devices.batches).hasSize(1);
        assertThat(devices.confirmed).as("cached devices checked against the store in one query")
                .containsExactly(Set.of("boiler", "fan", "pump"));
        assertThat(devices.committed).containsExactlyInAnyOrder("boiler", "fan", "pump");
        assertThat(devices.metadata).allSatisfy(metadata -> assertThat(metadata).containsEntry("principal", "gateway-7"));
        assertThat(outcome).isEqualTo(new BatchReadingsAccepted(4, 0, List.of()));
    }

    @Test
    void eachReadingIsReportedAcceptedDuplicateOrRejectedAndCountedSo() {
        BatchReadingsAccepted outcome = ingestion.ingest(Channel.KAFKA, NOW, List.of(
                        item(0, "pump", "r-1"), item(1, "pump", "dup-1"), item(3, "pump", "conflict-1"),
                        item(4, "unknown", "r-1"), item(5, "retired", "r-1"), item(6, "boiler", "dup-2")),
                List.of(new RejectedReading(2, ErrorCode.VALIDATION_FAILED, "value is required")), Map.of());

        assertThat(outcome.accepted()).isEqualTo(1);
        assertThat(outcome.duplicates()).isEqualTo(2);
        assertThat(outcome.rejected()).extracting(RejectedReading::index, RejectedReading::code).containsExactly(
                tuple(2, ErrorCode.VALIDATION_FAILED),
                tuple(3, ErrorCode.READING_CONFLICT),
                tuple(4, ErrorCode.DEVICE_NOT_FOUND),
                tuple(5, ErrorCode.DEVICE_DECOMMISSIONED));
        assertThat(outcome.rejected().get(1).detail()).contains("conflict-1", "other content");
        assertThat(devices.committed).containsExactlyInAnyOrder("boiler", "pump");
        assertThat(devices.counted("telemetra.readings.accepted", "kafka", null)).isEqualTo(1);
        assertThat(devices.counted("telemetra.readings.duplicates", "kafka", null)).isEqualTo(2);
        assertThat(devices.counted("telemetra.readings.rejected", "kafka", "READING_CONFLICT")).isEqualTo(1);
        assertThat(devices.counted("telemetra.readings.rejected", "kafka", "VALIDATION_FAILED")).isEqualTo(1);
        assertThat(devices.counted("telemetra.readings.accepted", "rest", null)).isZero();
    }

    @Test
    void aFailureToStoreRollsTheWholeSubmissionBackAndCountsNothing() {
        assertThatThrownBy(() -> ingestion.ingest(Channel.KAFKA, NOW, List.of(
                item(0, "pump", "r-1"), item(1, "database-down", "r-1"), item(2, "boiler", "r-1")), List.of(), Map.of()))
                .isInstanceOf(DataAccessResourceFailureException.class);

        assertThat(devices.handled).containsExactly("boiler", "database-down");
        assertThat(devices.committed).isEmpty();
        assertThat(devices.counted("telemetra.readings.accepted", "kafka", null)).isZero();
        assertThat(CurrentUnitOfWork.isStarted()).isFalse();
    }

    @Test
    void aBugIsReportedToACallerButSetsAStreamsReadingsAside() {
        assertThatThrownBy(() -> ingestion.ingest(Channel.REST, NOW, List.of(item(0, "broken", "r-1")), List.of(),
                Map.of())).isInstanceOf(IllegalStateException.class);

        BatchReadingsAccepted outcome = ingestion.ingest(Channel.KAFKA, NOW,
                List.of(item(0, "broken", "r-1"), item(1, "pump", "r-1")), List.of(), Map.of());

        assertThat(outcome.accepted()).isEqualTo(1);
        assertThat(outcome.rejected()).extracting(RejectedReading::code).containsExactly(ErrorCode.INTERNAL_ERROR);
    }

    @Test
    void aWholeRequestCountsItsDuplicatesApart() {
        ReadingsAccepted answer = ingestion.ingestAll(Channel.REST, "pump",
                List.of(reading("r-1"), reading("dup-1"), reading("r-2")), NOW, index -> "readings[" + index + "]");

        assertThat(answer).isEqualTo(new ReadingsAccepted(2, 1));
        assertThat(devices.committed).containsExactly("pump");
    }

    @Test
    void aWholeRequestWithAConflictIsRefusedAndStoresNothing() {
        assertThatThrownBy(() -> ingestion.ingestAll(Channel.REST, "pump",
                List.of(reading("r-1"), reading("conflict-1")), NOW, index -> "readings[" + index + "]"))
                .isInstanceOfSatisfying(InvalidRequestException.class, refused -> {
                    assertThat(refused.code()).isEqualTo(ErrorCode.READING_CONFLICT);
                    assertThat(refused.field()).isEqualTo("readings[1].readingId");
                });

        assertThat(devices.committed).isEmpty();
        assertThat(devices.counted("telemetra.readings.rejected", "rest", "READING_CONFLICT")).isEqualTo(2);
        assertThat(devices.counted("telemetra.readings.accepted", "rest", null)).isZero();
    }

    @Test
    void aWholeRequestRefusedByItsDeviceCarriesTheRefusal() {
        assertThatThrownBy(() -> ingestion.ingestAll(Channel.REST, "retired", List.of(reading("r-1")), NOW,
                index -> "")).isInstanceOfSatisfying(DomainException.class,
                refused -> assertThat(refused.code()).isEqualTo(ErrorCode.DEVICE_DECOMMISSIONED));

        assertThat(devices.counted("telemetra.readings.rejected", "rest", "DEVICE_DECOMMISSIONED")).isEqualTo(1);
    }

    @Test
    void aSubmissionThatLostARaceForADeviceIsRecordedAgainWholeOnFreshState() {
        BatchReadingsAccepted outcome = ingestion.ingest(Channel.KAFKA, NOW, List.of(
                item(0, "pump", "r-1"), item(1, "raced-once", "r-1")), List.of(), Map.of());

        assertThat(outcome).isEqualTo(new BatchReadingsAccepted(2, 0, List.of()));
        assertThat(devices.handled).containsExactly("pump", "raced-once", "pump", "raced-once");
        assertThat(devices.batches).as("a unit of work per attempt").hasSize(2);
        assertThat(devices.committed).containsExactlyInAnyOrder("pump", "raced-once");
        assertThat(devices.counted("telemetra.readings.accepted", "kafka", null)).as("counted once").isEqualTo(2);
        assertThat(devices.meters.get("telemetra.commands.conflicts").tag("outcome", "retried").counter().count())
                .isEqualTo(1);
    }

    @Test
    void aRaceLostOnEveryAttemptIsThrownAndStoresNothing() {
        assertThatThrownBy(() -> ingestion.ingestAll(Channel.REST, "raced", List.of(reading("r-1")), NOW,
                index -> "")).isInstanceOf(ConcurrencyException.class);

        assertThat(devices.handled).hasSize(5);
        assertThat(devices.committed).isEmpty();
        assertThat(devices.counted("telemetra.readings.accepted", "rest", null)).isZero();
        assertThat(devices.meters.get("telemetra.commands.conflicts").tag("outcome", "given_up").counter().count())
                .isEqualTo(1);
    }

    private static IngestionItem item(int index, String deviceId, String readingId) {
        return new IngestionItem(index, deviceId, reading(readingId));
    }

    private static Reading reading(String readingId) {
        return new Reading(readingId, "t", 1, null, NOW);
    }
}
