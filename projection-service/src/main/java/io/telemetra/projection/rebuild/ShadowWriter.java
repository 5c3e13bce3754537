package io.telemetra.projection.rebuild;

import io.telemetra.projection.device.DeviceProjection;
import io.telemetra.projection.event.DeviceEvent;
import io.telemetra.projection.event.DeviceEventDecoder;
import io.telemetra.projection.event.MalformedEventException;
import io.telemetra.projection.parking.DeviceLanes;
import io.telemetra.projection.parking.ParkedEventStore;
import io.telemetra.projection.retention.ReadingRetention;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.List;
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

    ShadowWriter(JdbcTemplate jdbc, PlatformTransactionManager transactionManager, DeviceEventDecoder decoder,
                 DeviceLanes lanes, ParkedEventStore parking, ReadingRetention retention) {
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactionManager);
        this.decoder = decoder;
        this.lanes = lanes;
        this.parking = parking;
        this.retention = retention;
    }

    /** @return how many of the records were parked */
    int apply(String schema, List<ConsumerRecord<String, byte[]>> records) {
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

    /** Deletes the schema's readings past their retention, as the live purge does for the live ones. */
    void purgeReadings(String schema) {
        in(schema, retention::purge);
    }

    private <T> T in(String schema, Supplier<T> work) {
        return transaction.execute(status -> {
            jdbc.execute("set local search_path to " + ReadModelSchemas.quote(schema));
            return work.get();
        });
    }
}
