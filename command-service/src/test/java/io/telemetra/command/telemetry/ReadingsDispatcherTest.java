package io.telemetra.command.telemetry;

import io.telemetra.api.error.DomainException;
import io.telemetra.api.error.ErrorCode;
import io.telemetra.api.telemetry.Reading;
import io.telemetra.api.telemetry.RecordReadingsCommand;
import io.telemetra.command.device.CommandRefusal;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReadingsDispatcherTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private final Set<String> recorded = ConcurrentHashMap.newKeySet();
    private final SimpleCommandBus commandBus = SimpleCommandBus.builder().build();
    private final ReadingsDispatcher dispatcher = new ReadingsDispatcher(
            DefaultCommandGateway.builder().commandBus(commandBus).build(), CommandRefusal::of, "test-", 2);

    ReadingsDispatcherTest() {
        commandBus.subscribe(RecordReadingsCommand.class.getName(), message -> {
            String deviceId = ((RecordReadingsCommand) message.getPayload()).deviceId();
            switch (deviceId) {
                case "unknown" -> throw new AggregateNotFoundException(deviceId, "not found");
                case "retired" -> throw new DomainException(ErrorCode.DEVICE_DECOMMISSIONED, "decommissioned");
                case "database-down" -> throw new DataAccessResourceFailureException("connection refused");
                default -> recorded.add(deviceId);
            }
            return null;
        });
    }

    @AfterEach
    void close() throws InterruptedException {
        dispatcher.close();
    }

    @Test
    void refusalsAreReportedPerDeviceWhileTheOthersAreRecorded() {
        Map<String, CommandRefusal> refusals = dispatcher.dispatch(
                List.of(command("pump"), command("unknown"), command("retired"), command("boiler")), Map.of());

        assertThat(refusals).containsOnlyKeys("unknown", "retired");
        assertThat(refusals.get("unknown").code()).isEqualTo(ErrorCode.DEVICE_NOT_FOUND);
        assertThat(refusals.get("retired").code()).isEqualTo(ErrorCode.DEVICE_DECOMMISSIONED);
        assertThat(recorded).containsExactlyInAnyOrder("pump", "boiler");
    }

    @Test
    void aFailureToStoreFailsTheWholeBatchOnceTheOthersAreDone() {
        assertThatThrownBy(() -> dispatcher.dispatch(
                List.of(command("pump"), command("database-down"), command("boiler")), Map.of()))
                .isInstanceOf(DataAccessResourceFailureException.class);
        assertThat(recorded).containsExactlyInAnyOrder("pump", "boiler");
    }

    private static RecordReadingsCommand command(String deviceId) {
        return new RecordReadingsCommand(deviceId, List.of(new Reading("r-1", "t", 1, null, NOW)), NOW);
    }
}
