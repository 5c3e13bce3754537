package io.telemetra.command.telemetry;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import io.telemetra.api.error.DomainException;
import io.telemetra.api.error.ErrorCode;
import io.telemetra.api.telemetry.Reading;
import io.telemetra.api.telemetry.ReadingOutcome;
import io.telemetra.api.telemetry.RecordReadingsCommand;
import io.telemetra.api.telemetry.RecordReadingsResult;
import io.telemetra.command.eventstore.StreamVersions;
import io.telemetra.command.messaging.ConflictRetry;
import io.telemetra.command.tracing.EventTraces;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.dao.DataAccessResourceFailureException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@link ReadingIngestion} over a command bus whose devices answer by their id: {@code unknown} is not registered,
 * {@code retired} is decommissioned, {@code database-down} fails to store, {@code broken} fails as a bug would,
 * {@code raced-once} loses a race with another instance once and {@code raced} every time; any other device records its
 * readings, except that a reading id starting with {@code dup-} is a duplicate and one starting with {@code conflict-}
 * a conflict. The devices each submission confirmed against the store are in {@link #confirmed}.
 */
final class ScriptedDevices {

    final List<String> handled = new ArrayList<>();
    final List<String> committed = new ArrayList<>();
    final List<Map<String, Object>> metadata = new ArrayList<>();
    final Set<UnitOfWork<?>> batches = new HashSet<>();
    final List<Set<String>> confirmed = new ArrayList<>();
    private int races;
    final MeterRegistry meters = new SimpleMeterRegistry();
    final ReadingIngestion ingestion;

    ScriptedDevices() {
        SimpleCommandBus commandBus = SimpleCommandBus.builder().build();
        commandBus.subscribe(RecordReadingsCommand.class.getName(), message -> {
            RecordReadingsCommand command = (RecordReadingsCommand) message.getPayload();
            UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get();
            batches.add(unitOfWork.root());
            handled.add(command.deviceId());
            metadata.add(Map.copyOf(message.getMetaData()));
            switch (command.deviceId()) {
                case "unknown" -> throw new AggregateNotFoundException(command.deviceId(), "not found");
                case "retired" -> throw new DomainException(ErrorCode.DEVICE_DECOMMISSIONED, "decommissioned");
                case "database-down" -> throw new DataAccessResourceFailureException("connection refused");
                case "broken" -> throw new IllegalStateException("a bug");
                case "raced" -> throw new ConcurrencyException("sequence 7 of raced is stored already");
                case "raced-once" -> {
                    if (races++ == 0) {
                        throw new ConcurrencyException("sequence 7 of raced-once is stored already");
                    }
                    unitOfWork.afterCommit(u -> committed.add(command.deviceId()));
                }
                default -> unitOfWork.afterCommit(u -> committed.add(command.deviceId()));
            }
            return new RecordReadingsResult(command.readings().stream().map(ScriptedDevices::outcome).toList());
        });
        StreamVersions versions = new StreamVersions(null) {
            @Override
            public void confirmAll(UnitOfWork<?> unitOfWork, Collection<String> aggregateIds) {
                confirmed.add(Set.copyOf(aggregateIds));
            }
        };
        ingestion = new ReadingIngestion(DefaultCommandGateway.builder().commandBus(commandBus).build(),
                NoTransactionManager.INSTANCE, versions, new ConflictRetry(meters),
                new EventTraces(Tracer.NOOP, Propagator.NOOP), meters);
    }

    private static ReadingOutcome outcome(Reading reading) {
        if (reading.readingId().startsWith("dup-")) {
            return ReadingOutcome.DUPLICATE;
        }
        return reading.readingId().startsWith("conflict-") ? ReadingOutcome.CONFLICT : ReadingOutcome.RECORDED;
    }

    double counted(String meter, String channel, String code) {
        var search = meters.find(meter).tag("channel", channel);
        if (code != null) {
            search = search.tag("code", code);
        }
        var counter = search.counter();
        return counter == null ? 0 : counter.count();
    }
}
