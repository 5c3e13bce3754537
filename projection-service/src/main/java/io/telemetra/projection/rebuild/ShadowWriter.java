package io.telemetra.projection.rebuild;

import io.telemetra.projection.device.DeviceProjection;
import io.telemetra.projection.event.DeviceEvent;
import io.telemetra.projection.event.DeviceEventDecoder;
import io.telemetra.projection.event.MalformedEventException;
import io.telemetra.projection.parking.DeviceLanes;
import io.telemetra.projection.parking.ParkedEventStore;
import io.telemetra.projection.retention.ReadingRetention;
import io.telemetra.projection.rollup.HourRollup;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Applies records to the read-model tables of another schema through the code the live consumer uses (decoder,
 * {@link DeviceLanes} and {@link DeviceProjection}, parking), so that the rebuilt rows are the ones the live path
 * writes, records held behind a parked one of their device included. Each transaction
 * points its unqualified table names at that schema ({@code set local search_path}, undone when it ends).
 * <p>
 * Failures as in the live consumer, without its retries: a record that cannot be decoded, or that the database refuses
 * on its own, is parked in that schema (already counted and logged when the live consumer parked it); anything else
 * fails the rebuild.
 */
@Component
class ShadowWriter {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final DeviceEventDecoder decoder;
    private final DeviceLanes lanes;
    private final ParkedEventStore parking;
    private final ReadingRetention retention;
    private final HourRollup hours;

    ShadowWriter(JdbcTemplate jdbc, PlatformTransactionManager transactionManager, DeviceEventDecoder decoder,
                 DeviceLanes lanes, ParkedEventStore parking, ReadingRetention retention, HourRollup hours) {
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactionManager);
        this.decoder = decoder;
        this.lanes = lanes;
        this.parking = parking;
        this.retention = retention;
        this.hours = hours;
    }

    /** @return how many of the records were parked */
    int apply(String schema, List<ConsumerRecord<String, byte[]>> records) {
        return apply(schema, records, null, null);
    }

    /**
     * @param readingsFrom null, or the horizon before which readings are skipped
     * @param frozenLive   null before the switch-over's lock; under it, the live schema, whose devices say which
     *                     readings before the horizon it holds (those are skipped, the others applied)
     * @return how many of the records were parked
     */
    int apply(String schema, List<ConsumerRecord<String, byte[]>> records, ReadingsFrom readingsFrom,
              String frozenLive) {
        List<ConsumerRecord<String, byte[]>> sources = new ArrayList<>(records.size());
        List<DeviceEvent> events = new ArrayList<>(records.size());
        List<ConsumerRecord<String, byte[]>> malformed = new ArrayList<>();
        List<MalformedEventException> causes = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                events.add(decoder.decode(record.value()));
                sources.add(record);
            } catch (MalformedEventException e) {
                malformed.add(record);
                causes.add(e);
            }
        }
        if (readingsFrom != null) {
            skipBeforeHorizon(sources, events, readingsFrom, frozenLive);
        }
        if (!malformed.isEmpty()) {
            in(schema, () -> {
                for (int i = 0; i < malformed.size(); i++) {
                    parking.park(malformed.get(i), causes.get(i));
                }
                return null;
            });
        }
        return malformed.size() + applyOrPark(schema, sources, events);
    }

    /**
     * Applies the events in one transaction or, when the database refuses it, each half in turn (keeping their order),
     * down to the single event at fault, which is parked: a refused record costs a few transactions, not one per
     * event of a large batch.
     *
     * @return how many events were parked, held ones included
     */
    private int applyOrPark(String schema, List<ConsumerRecord<String, byte[]>> sources, List<DeviceEvent> events) {
        if (events.isEmpty()) {
            return 0;
        }
        try {
            return in(schema, () -> lanes.apply(sources, events)).held().size();
        } catch (DataIntegrityViolationException refused) {
            if (events.size() == 1) {
                in(schema, () -> parking.park(sources.get(0), refused));
                return 1;
            }
            int half = events.size() / 2;
            return applyOrPark(schema, sources.subList(0, half), events.subList(0, half))
                    + applyOrPark(schema, sources.subList(half, events.size()), events.subList(half, events.size()));
        }
    }

    private void skipBeforeHorizon(List<ConsumerRecord<String, byte[]>> sources, List<DeviceEvent> events,
                                   ReadingsFrom readingsFrom, String frozenLive) {
        Map<String, Long> live = Map.of();
        if (frozenLive != null) {
            Set<String> devices = new HashSet<>();
            events.stream().filter(readingsFrom::before).forEach(event -> devices.add(event.deviceId()));
            live = devices.isEmpty() ? Map.of() : jdbc.execute((ConnectionCallback<Map<String, Long>>) connection ->
                    ReadingsFrom.lastSequences(connection, frozenLive, devices));
        }
        for (int i = events.size() - 1; i >= 0; i--) {
            DeviceEvent event = events.get(i);
            if (!readingsFrom.before(event)) {
                continue;
            }
            if (frozenLive == null) {
                readingsFrom.skipped(event);
            } else if (live.getOrDefault(event.deviceId(), -1L) < event.sequenceNumber()) {
                continue; // not in the live model: applied here
            }
            events.remove(i);
            sources.remove(i);
        }
    }

    /** Deletes the schema's readings past their retention, as the live purge does for the live ones. */
    void purgeReadings(String schema) {
        in(schema, retention::purge);
    }

    /**
     * Creates the schema's days of raw readings within the retention, which the replay writes into, and moves its
     * 1-minute windows' horizon to the retention's start, so that the replay counts older readings in their 1-hour
     * windows directly rather than in 1-minute windows the purge would delete.
     */
    void prepareDays(String schema) {
        in(schema, () -> {
            Instant now = Instant.now();
            retention.ensureDays(now);
            return hours.raiseHorizon(retention.minuteHorizon(now));
        });
    }

    /**
     * Its transactions do not wait for their commit to be flushed: a rebuild that does not finish is dropped and
     * started over, and the switch-over's own commit, which is flushed, flushes everything written before it.
     */
    private <T> T in(String schema, Supplier<T> work) {
        return transaction.execute(status -> {
            jdbc.execute("set local search_path to " + ReadModelSchemas.quote(schema));
            jdbc.execute("set local synchronous_commit to off");
            return work.get();
        });
    }
}
