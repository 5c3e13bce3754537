package io.telemetra.command.telemetry;

import io.telemetra.api.error.DomainException;
import io.telemetra.api.error.ErrorCode;
import io.telemetra.api.telemetry.Reading;
import io.telemetra.api.telemetry.RecordReadingsCommand;
import io.telemetra.command.device.CommandRefusal;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReadingsDispatcherTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private final List<String> handled = new ArrayList<>();
    private final List<String> committed = new ArrayList<>();
    private final Set<UnitOfWork<?>> batches = new HashSet<>();
    private final SimpleCommandBus commandBus = SimpleCommandBus.builder().build();
    private final ReadingsDispatcher dispatcher = new ReadingsDispatcher(
            DefaultCommandGateway.builder().commandBus(commandBus).build(), NoTransactionManager.INSTANCE,
            CommandRefusal::of);

    ReadingsDispatcherTest() {
        commandBus.subscribe(RecordReadingsCommand.class.getName(), message -> {
            String deviceId = ((RecordReadingsCommand) message.getPayload()).deviceId();
            UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get();
            batches.add(unitOfWork.root());
            handled.add(deviceId);
            switch (deviceId) {
                case "unknown" -> throw new AggregateNotFoundException(deviceId, "not found");
                case "retired" -> throw new DomainException(ErrorCode.DEVICE_DECOMMISSIONED, "decommissioned");
                case "database-down" -> throw new DataAccessResourceFailureException("connection refused");
                default -> unitOfWork.afterCommit(u -> committed.add(deviceId));
            }
            return null;
        });
    }

    @Test
    void everyDeviceOfTheBatchIsHandledInOneUnitOfWorkInDeviceOrder() {
        dispatcher.dispatch(List.of(command("pump"), command("boiler"), command("fan")), Map.of());

        assertThat(handled).containsExactly("boiler", "fan", "pump");
        assertThat(batches).hasSize(1);
        assertThat(committed).containsExactlyInAnyOrder("boiler", "fan", "pump");
    }

    @Test
    void refusalsAreReportedPerDeviceWhileTheOthersAreCommitted() {
        Map<String, CommandRefusal> refusals = dispatcher.dispatch(
                List.of(command("pump"), command("unknown"), command("retired"), command("boiler")), Map.of());

        assertThat(refusals).containsOnlyKeys("unknown", "retired");
        assertThat(refusals.get("unknown").code()).isEqualTo(ErrorCode.DEVICE_NOT_FOUND);
        assertThat(refusals.get("retired").code()).isEqualTo(ErrorCode.DEVICE_DECOMMISSIONED);
        assertThat(committed).containsExactlyInAnyOrder("boiler", "pump");
    }

    @Test
    void aFailureToStoreRollsTheWholeBatchBack() {
        assertThatThrownBy(() -> dispatcher.dispatch(
                List.of(command("pump"), command("database-down"), command("boiler")), Map.of()))
                .isInstanceOf(DataAccessResourceFailureException.class);

        assertThat(handled).containsExactly("boiler", "database-down");
        assertThat(committed).isEmpty();
        assertThat(CurrentUnitOfWork.isStarted()).isFalse();
    }

    private static RecordReadingsCommand command(String deviceId) {
        return new RecordReadingsCommand(deviceId, List.of(new Reading("r-1", "t", 1, null, NOW)), NOW);
    }
}
