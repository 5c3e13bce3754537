package io.telemetra.command.response;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.telemetra.api.devicecommand.DeviceCommandStatus;
import io.telemetra.api.devicecommand.TimeOutDeviceCommand;
import io.telemetra.api.error.DomainException;
import io.telemetra.api.error.ErrorCode;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a saga learns from a command it sent, over Axon's local command bus. */
class SagaCommandsTest {

    private static final TimeOutDeviceCommand TIME_OUT = new TimeOutDeviceCommand("pump-1", "c-1", DeviceCommandStatus.ISSUED, 3, Instant.EPOCH);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final SagaCommands commands = new SagaCommands(new ResponseMetrics(registry));
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    private final CommandGateway gateway = gatewayWhoseHandlerThrows(failure);

    @Test
    void aHandledCommandIsNoRefusal() {
        assertThat(commands.dispatch(gateway, TIME_OUT)).isEmpty();
        assertThat(registry.find("telemetra.sagas.command-failures").counters()).isEmpty();
    }

    @Test
    void aRefusalIsReturnedToTheSagaAndCounted() {
        failure.set(new DomainException(ErrorCode.DEVICE_DECOMMISSIONED, "device pump-1 is decommissioned"));

        assertThat(commands.dispatch(gateway, TIME_OUT)).contains("device pump-1 is decommissioned");
        assertThat(registry.counter("telemetra.sagas.command-failures",
                "command", "TimeOutDeviceCommand", "outcome", "refused").count()).isEqualTo(1);
    }

    @Test
    void aTransientFailureIsThrownSoThatTheSagasWorkIsRetried() {
        failure.set(new ConcurrencyException("another writer appended to pump-1"));

        assertThatThrownBy(() -> commands.dispatch(gateway, TIME_OUT)).isInstanceOf(ConcurrencyException.class);
        assertThat(registry.counter("telemetra.sagas.command-failures",
                "command", "TimeOutDeviceCommand", "outcome", "retried").count()).isEqualTo(1);
    }

    private static CommandGateway gatewayWhoseHandlerThrows(AtomicReference<RuntimeException> failure) {
        SimpleCommandBus bus = SimpleCommandBus.builder().build();
        bus.subscribe(TimeOutDeviceCommand.class.getName(), command -> {
            if (failure.get() != null) {
                throw failure.get();
            }
            return null;
        });
        return DefaultCommandGateway.builder().commandBus(bus).build();
    }
}
