package io.telemetra.command.device.config;

import io.telemetra.api.telemetry.RecordReadingsCommand;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CachedCommandTargetsTest {

    private final CachedCommandTargets targets = new CachedCommandTargets();

    record Rename(@TargetAggregateIdentifier String deviceId, String name) {
    }

    static final class Versioned {
        @TargetAggregateIdentifier
        private final String deviceId;
        @TargetAggregateVersion
        private final String expectedVersion;

        Versioned(String deviceId, String expectedVersion) {
            this.deviceId = deviceId;
            this.expectedVersion = expectedVersion;
        }
    }

    @Test
    void theAnnotatedRecordComponentIsTheTargetOfEveryCommandOfItsClass() {
        assertThat(resolve(new Rename("pump-1", "a"))).isEqualTo(new VersionedAggregateIdentifier("pump-1", null));
        assertThat(resolve(new Rename("pump-2", "b"))).isEqualTo(new VersionedAggregateIdentifier("pump-2", null));
        assertThat(resolve(new RecordReadingsCommand("pump-3", List.of(), Instant.EPOCH)).getIdentifier()).isEqualTo("pump-3");
    }

    @Test
    void annotatedFieldsGiveTheTargetAndItsExpectedVersion() {
        assertThat(resolve(new Versioned("pump-1", "7"))).isEqualTo(new VersionedAggregateIdentifier("pump-1", 7L));
    }

    @Test
    void aCommandWithoutATargetIsRefused() {
        assertThatThrownBy(() -> resolve(new Rename(null, "a")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Rename");
        assertThatThrownBy(() -> resolve("not a command"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("String");
        assertThatThrownBy(() -> resolve(new Versioned("pump-1", "seven")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a number");
    }

    private VersionedAggregateIdentifier resolve(Object command) {
        return targets.resolveTarget(GenericCommandMessage.asCommandMessage(command));
    }
}
