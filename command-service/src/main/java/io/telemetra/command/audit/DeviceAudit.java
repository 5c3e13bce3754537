package io.telemetra.command.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.telemetra.api.audit.DeviceHistoryEntry;
import io.telemetra.api.audit.DeviceStateView;
import io.telemetra.api.kafka.DeviceEventTypes;
import io.telemetra.api.kafka.EventMetadata;
import io.telemetra.api.kafka.WireFormat;
import io.telemetra.api.query.Page;
import io.telemetra.api.query.PageMetadata;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.AnnotationRevisionResolver;
import org.axonframework.serialization.RevisionResolver;
import org.axonframework.serialization.UnknownSerializedType;
import org.springframework.stereotype.Service;

import java.time.Instant;
import java.util.List;

/** What auditors ask of the event store: a device's history, and its state as of an instant. */
@Service
class DeviceAudit {

    private static final ObjectMapper WIRE = WireFormat.objectMapper();
    private static final RevisionResolver REVISIONS = new AnnotationRevisionResolver();

    private final DeviceEventLog log;

    DeviceAudit(DeviceEventLog log) {
        this.log = log;
    }

    Page<DeviceHistoryEntry> history(HistoryQuery query) {
        if (!log.exists(query.deviceId())) {
            throw new DeviceNotFoundException("device " + query.deviceId() + " is not registered");
        }
        long total = log.count(query);
        List<DeviceHistoryEntry> entries = (long) query.page() * query.size() >= total ? List.of()
                : log.page(query).stream().map(DeviceAudit::entry).toList();
        return new Page<>(entries, PageMetadata.of(query.page(), query.size(), total));
    }

    /**
     * Folds the device's events up to the last one stored at or before {@code asOf}. Snapshots are not used: the
     * aggregate's snapshot holds only what the aggregate needs to decide (no names, no latest readings), so it cannot
     * seed this view; the fold streams the events in batches instead, in constant memory.
     */
    DeviceStateView stateAsOf(String deviceId, Instant asOf) {
        long last = log.lastSequenceAt(deviceId, asOf).orElseThrow(() -> log.exists(deviceId)
                ? new DeviceNotFoundException("device " + deviceId + " was not registered yet at " + asOf)
                : new DeviceNotFoundException("device " + deviceId + " is not registered"));
        DeviceStateFold fold = new DeviceStateFold();
        DomainEventStream events = log.stream(deviceId);
        while (events.hasNext() && events.peek().getSequenceNumber() <= last) {
            DomainEventMessage<?> event = events.next();
            fold.apply(event.getSequenceNumber(), event.getPayload());
        }
        if (!fold.registered()) {
            throw new DeviceNotFoundException("device " + deviceId + " was not registered yet at " + asOf);
        }
        return fold.view(asOf);
    }

    /** An event under its stable type name; one whose class is gone keeps its stored type and JSON. */
    static DeviceHistoryEntry entry(DomainEventMessage<?> event) {
        String type;
        String revision;
        JsonNode payload;
        if (event.getPayload() instanceof UnknownSerializedType unknown) {
            type = unknown.serializedType().getName();
            revision = unknown.serializedType().getRevision();
            payload = unknown.readData(JsonNode.class);
        } else {
            Class<?> payloadType = event.getPayloadType();
            type = DeviceEventTypes.nameOf(payloadType).orElse(payloadType.getName());
            revision = REVISIONS.revisionOf(payloadType);
            payload = WIRE.valueToTree(event.getPayload());
        }
        MetaData metadata = event.getMetaData();
        return new DeviceHistoryEntry(event.getSequenceNumber(), event.getIdentifier(), type, revision,
                event.getTimestamp(), payload, text(metadata, EventMetadata.PRINCIPAL),
                text(metadata, EventMetadata.CORRELATION_ID), causation(metadata), text(metadata, EventMetadata.TRACE_ID));
    }

    /**
     * Stored apart only by events of earlier versions: it is the causing message's id, which Axon's correlation id
     * already is.
     */
    private static String causation(MetaData metadata) {
        String causation = text(metadata, EventMetadata.CAUSATION_ID);
        return causation != null ? causation : text(metadata, EventMetadata.CORRELATION_ID);
    }

    private static String text(MetaData metadata, String key) {
        Object value = metadata.get(key);
        return value == null ? null : String.valueOf(value);
    }
}
