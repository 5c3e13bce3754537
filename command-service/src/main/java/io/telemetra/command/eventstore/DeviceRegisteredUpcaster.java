package io.telemetra.command.eventstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.telemetra.api.device.DeviceRegisteredEvent;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * DeviceRegistered revision 0 to 1. Revision 0, the pilot's format, had no site and no metadata, and the location as
 * one {@code "lat,lon"} string; revision 1 has {@code site}, {@code metadata} and {@code location: {lat, lon}}. Stored
 * events are never rewritten: old rows are upcast each time they are read (aggregate loading, tracking processors).
 */
@Component
@Order(0)
class DeviceRegisteredUpcaster extends SingleEventUpcaster {

    static final SimpleSerializedType REVISION_0 = new SimpleSerializedType(DeviceRegisteredEvent.class.getName(), "0");
    static final SimpleSerializedType REVISION_1 = new SimpleSerializedType(DeviceRegisteredEvent.class.getName(), "1");

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return REVISION_0.equals(representation.getType());
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        return representation.upcastPayload(REVISION_1, JsonNode.class, DeviceRegisteredUpcaster::toRevision1);
    }

    static JsonNode toRevision1(JsonNode revision0) {
        ObjectNode event = revision0.deepCopy();
        JsonNode location = event.path("location");
        if (location.isTextual()) {
            String[] latLon = location.asText().split(",");
            if (latLon.length != 2) {
                throw new IllegalArgumentException("a revision 0 location is \"lat,lon\", got " + location);
            }
            ObjectNode point = JsonNodeFactory.instance.objectNode();
            point.put("lat", Double.parseDouble(latLon[0].trim()));
            point.put("lon", Double.parseDouble(latLon[1].trim()));
            event.set("location", point);
        }
        if (!event.has("site")) {
            event.putNull("site");
        }
        if (!event.has("metadata")) {
            event.putObject("metadata");
        }
        return event;
    }
}
