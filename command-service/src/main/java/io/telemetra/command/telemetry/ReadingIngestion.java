package io.telemetra.command.telemetry;

import io.micrometer.core.instrument.MeterRegistry;
import io.telemetra.api.error.ErrorCode;
import io.telemetra.api.telemetry.BatchReadingsAccepted;
import io.telemetra.api.telemetry.Reading;
import io.telemetra.api.telemetry.ReadingOutcome;
import io.telemetra.api.telemetry.ReadingsAccepted;
import io.telemetra.api.telemetry.RecordReadingsCommand;
import io.telemetra.api.telemetry.RecordReadingsResult;
import io.telemetra.api.telemetry.RejectedReading;
import io.telemetra.command.eventstore.StreamVersions;
import io.telemetra.command.messaging.CommandRefusal;
import io.telemetra.command.messaging.ConflictRetry;
import io.telemetra.command.messaging.TransientFailures;
import io.telemetra.command.tracing.EventTraces;
import io.telemetra.command.validation.Fields;
import io.telemetra.command.validation.InvalidRequestException;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.IntFunction;

/**
 * The one way in for readings, whatever channel brought them: each device's readings become one
 * {@link RecordReadingsCommand}, and every device of a submission is recorded in one unit of work and one database
 * transaction, so the events of many devices are appended in one JDBC batch at one commit (one fsync for the whole
 * submission instead of one per device). Commands run in device id order, so two submissions that share devices take
 * their locks in the same order and cannot deadlock.
 * <p>
 * Each reading ends in exactly one of: accepted (newly stored), duplicate (an exact repeat of one stored before) or
 * rejected with a code, which the answer reports and the {@code telemetra_readings_*} meters count once the
 * transaction has committed. A device's refusal (unknown, decommissioned) rolls back only that device's nested unit of
 * work, which has written nothing. Any other failure rolls the whole submission back and is thrown: nothing of it is
 * stored, and sending it again is safe because devices recognise the readings they recorded.
 * <p>
 * Other instances record readings of the same devices: a submission confirms in one query that the devices it finds
 * cached are what the store holds (see {@link StreamVersions#confirmAll}), and one that loses a race for a device
 * anyway (its events refused by the store's stream head) is run again whole on fresh state ({@link ConflictRetry}).
 */
@Component
public class ReadingIngestion {

    private static final Logger log = LoggerFactory.getLogger(ReadingIngestion.class);

    private final CommandGateway commandGateway;
    private final TransactionManager transactionManager;
    private final StreamVersions streamVersions;
    private final ConflictRetry conflictRetry;
    private final EventTraces traces;
    private final Map<Channel, IngestionMetrics> metrics = new EnumMap<>(Channel.class);

    public ReadingIngestion(CommandGateway commandGateway, TransactionManager transactionManager,
                            StreamVersions streamVersions, ConflictRetry conflictRetry, EventTraces traces,
                            MeterRegistry meterRegistry) {
        this.commandGateway = commandGateway;
        this.transactionManager = transactionManager;
        this.streamVersions = streamVersions;
        this.conflictRetry = conflictRetry;
        this.traces = traces;
        for (Channel channel : Channel.values()) {
            metrics.put(channel, new IngestionMetrics(meterRegistry, channel.tag()));
        }
    }

    /**
     * Records what can be recorded and reports every item: a refused device's readings and conflicting readings are
     * rejected one by one while the others are stored.
     *
     * @param items    the readings the channel validated
     * @param refused  the items the channel refused already (unreadable, invalid, forbidden), reported and counted
     *                 with the others
     * @param metadata added to every command (e.g. the principal of a channel without a security context)
     * @throws RuntimeException a failure to store that is not a refusal (database down...): nothing is stored
     */
    public BatchReadingsAccepted ingest(Channel channel, Instant receivedAt, List<IngestionItem> items,
                                        List<RejectedReading> refused, Map<String, ?> metadata) {
        Map<String, List<IngestionItem>> byDevice = new TreeMap<>();
        items.forEach(item -> byDevice.computeIfAbsent(item.deviceId(), device -> new ArrayList<>()).add(item));
        BatchReadingsAccepted outcome = conflictRetry.call(() -> recordSubmission(channel, receivedAt, byDevice,
                refused, metadata));
        counted(channel, outcome.accepted(), outcome.duplicates(),
                outcome.rejected().stream().map(RejectedReading::code).toList());
        return outcome;
    }

    /** One attempt at a submission: everything in one unit of work and transaction, or nothing. */
    private BatchReadingsAccepted recordSubmission(Channel channel, Instant receivedAt,
                                                   Map<String, List<IngestionItem>> byDevice,
                                                   List<RejectedReading> refused, Map<String, ?> metadata) {
        List<RejectedReading> rejected = new ArrayList<>(refused);
        int accepted = 0;
        int duplicates = 0;
        UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(GenericMessage.asMessage(byDevice.keySet()));
        // A transaction that cannot start (database down) rolls the unit of work back itself and is thrown.
        batch.attachTransaction(transactionManager);
        try {
            streamVersions.confirmAll(batch, byDevice.keySet());
            for (Map.Entry<String, List<IngestionItem>> device : byDevice.entrySet()) {
                List<IngestionItem> readings = device.getValue();
                // A gateway's reading continues the trace its record carried (the first one, when a device's readings
                // of a poll came in several); the events it stores carry that trace on.
                Map<String, String> traceContext = readings.stream().map(IngestionItem::traceContext)
                        .filter(context -> !context.isEmpty()).findFirst().orElse(Map.of());
                Recorded recorded = traces.continued(MetaData.from(traceContext), "record readings",
                        () -> record(channel, device.getKey(), readings.stream().map(IngestionItem::reading).toList(),
                                receivedAt, metadata));
                if (recorded.refusal() != null) {
                    readings.forEach(item -> rejected.add(new RejectedReading(item.index(), recorded.refusal().code(),
                            recorded.refusal().detail())));
                    continue;
                }
                List<ReadingOutcome> outcomes = recorded.result().outcomes();
                for (int i = 0; i < outcomes.size(); i++) {
                    switch (outcomes.get(i)) {
                        case RECORDED -> accepted++;
                        case DUPLICATE -> duplicates++;
                        case CONFLICT -> rejected.add(new RejectedReading(readings.get(i).index(),
                                ErrorCode.READING_CONFLICT, conflict(readings.get(i).reading())));
                    }
                }
            }
        } catch (RuntimeException failure) {
            batch.rollback(failure);
            throw failure;
        }
        batch.commit();
        rejected.sort(Comparator.comparingInt(RejectedReading::index));
        return new BatchReadingsAccepted(accepted, duplicates, rejected);
    }

    /**
     * Records one device's readings whole or not at all: the device's refusal is thrown as it came, a conflicting
     * reading as {@code READING_CONFLICT} naming it, and nothing of the request is stored.
     *
     * @param fieldOf names the reading at an index in the request, e.g. {@code readings[2]}, or empty for a lone one
     */
    public ReadingsAccepted ingestAll(Channel channel, String deviceId, List<Reading> readings, Instant receivedAt,
                                      IntFunction<String> fieldOf) {
        RecordReadingsResult result;
        try {
            result = conflictRetry.call(() -> recordAll(deviceId, readings, receivedAt, fieldOf));
        } catch (RuntimeException failure) {
            refusalCode(failure).ifPresent(code -> rejected(channel, code, readings.size()));
            throw failure;
        }
        int duplicates = (int) result.count(ReadingOutcome.DUPLICATE);
        counted(channel, readings.size() - duplicates, duplicates, List.of());
        return new ReadingsAccepted(readings.size() - duplicates, duplicates);
    }

    private RecordReadingsResult recordAll(String deviceId, List<Reading> readings, Instant receivedAt,
                                           IntFunction<String> fieldOf) {
        UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(GenericMessage.asMessage(deviceId));
        batch.attachTransaction(transactionManager);
        RecordReadingsResult result;
        try {
            result = commandGateway.sendAndWait(new RecordReadingsCommand(deviceId, readings, receivedAt));
            int conflicting = result.outcomes().indexOf(ReadingOutcome.CONFLICT);
            if (conflicting >= 0) {
                throw new InvalidRequestException(ErrorCode.READING_CONFLICT,
                        Fields.path(fieldOf.apply(conflicting), "readingId"), conflict(readings.get(conflicting)));
            }
        } catch (RuntimeException failure) {
            batch.rollback(failure);
            throw failure;
        }
        batch.commit();
        return result;
    }

    /** Counts readings a channel refused before they reached {@link #ingestAll} (unreadable, invalid). */
    public void rejected(Channel channel, ErrorCode code, int readings) {
        counted(channel, 0, 0, Collections.nCopies(readings, code));
    }

    private record Recorded(RecordReadingsResult result, CommandRefusal refusal) {
    }

    /** Handled on this thread by the local command bus, so its unit of work nests in the submission's. */
    private Recorded record(Channel channel, String deviceId, List<Reading> readings, Instant receivedAt,
                            Map<String, ?> metadata) {
        try {
            RecordReadingsResult result = commandGateway.sendAndWait(GenericCommandMessage
                    .asCommandMessage(new RecordReadingsCommand(deviceId, readings, receivedAt))
                    .andMetaData(metadata));
            if (log.isDebugEnabled() && result.count(ReadingOutcome.DUPLICATE) > 0) {
                log.debug("{} duplicate readings of device {} from {}: stored before, not again",
                        result.count(ReadingOutcome.DUPLICATE), deviceId, channel.tag());
            }
            return new Recorded(result, null);
        } catch (RuntimeException failure) {
            return new Recorded(null, refusal(channel, failure).orElseThrow(() -> failure));
        }
    }

    private static Optional<CommandRefusal> refusal(Channel channel, RuntimeException failure) {
        Optional<CommandRefusal> refusal = CommandRefusal.of(failure);
        if (refusal.isPresent() || !channel.setsAsideUnexpectedFailures() || TransientFailures.isTransient(failure)) {
            return refusal;
        }
        log.error("Readings set aside: they could not be recorded, and trying again would fail the same way", failure);
        return Optional.of(new CommandRefusal(ErrorCode.INTERNAL_ERROR,
                "the readings could not be recorded: " + failure));
    }

    private static Optional<ErrorCode> refusalCode(RuntimeException failure) {
        if (failure instanceof InvalidRequestException invalid) {
            return Optional.of(invalid.code());
        }
        return CommandRefusal.of(failure).map(CommandRefusal::code);
    }

    private static String conflict(Reading reading) {
        return "reading " + reading.readingId() + " was recorded before with other content (metric, value, unit or "
                + "timestamp): an exact repeat is a duplicate, a different reading needs its own readingId (without "
                + "one, a reading is identified by its device, metric and timestamp)";
    }

    private void counted(Channel channel, int accepted, int duplicates, List<ErrorCode> rejected) {
        IngestionMetrics meters = metrics.get(channel);
        meters.accepted(accepted);
        meters.duplicates(duplicates);
        rejected.forEach(meters::rejected);
    }
}
