package io.telemetra.command.scaleout;

import io.telemetra.api.alert.AlertRaisedEvent;
import io.telemetra.api.devicecommand.DeviceCommandAcknowledgedEvent;
import io.telemetra.api.devicecommand.DeviceCommandIssuedEvent;
import io.telemetra.api.telemetry.ReadingRecordedEvent;
import io.telemetra.command.IntegrationTestBase;
import io.telemetra.command.eventstore.SkippingMessageSource;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.util.ReflectionTestUtils;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Axon keeps one default configuration for all pooled processors, and a second registration replaces the first
 * silently: every processor must have both defaults, its fair share of segments and the skipping message source.
 */
class PooledProcessorDefaultsIT extends IntegrationTestBase {

    @Autowired
    private EventProcessingConfiguration processing;

    @Test
    void everyPooledProcessorClaimsItsFairShareAndReadsTheStoreWithoutTheTypesItSkips() {
        List<PooledStreamingEventProcessor> processors = processing.eventProcessors().values().stream()
                .filter(PooledStreamingEventProcessor.class::isInstance)
                .map(PooledStreamingEventProcessor.class::cast)
                .toList();

        assertThat(processors).extracting(PooledStreamingEventProcessor::getName)
                .contains("response-sagas", "device-command-publisher", "escalation-notifier");
        assertThat(processors).allSatisfy(processor -> {
            assertThat(ReflectionTestUtils.getField(processor, "messageSource"))
                    .isInstanceOf(SkippingMessageSource.class);
            assertThat(ReflectionTestUtils.getField(processor, "maxSegmentProvider"))
                    .isInstanceOf(FairShareSegments.class);
        });
    }

    /** Axon's saga manager never names a type to skip: the sagas' processor leaves out what no saga handles itself. */
    @Test
    void theSagasProcessorLeavesOutTheReadingsFromTheStartAndNothingASagaHandles() {
        SkippingMessageSource sagasSource = (SkippingMessageSource) ReflectionTestUtils.getField(
                processing.eventProcessor("response-sagas").orElseThrow(), "messageSource");

        assertThat(sagasSource.skipsFromTheStart(ReadingRecordedEvent.class)).isTrue();
        assertThat(List.of(AlertRaisedEvent.class, DeviceCommandIssuedEvent.class,
                DeviceCommandAcknowledgedEvent.class)).noneMatch(sagasSource::skipsFromTheStart);
    }
}
