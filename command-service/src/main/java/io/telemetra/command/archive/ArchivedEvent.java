package io.telemetra.command.archive;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import org.axonframework.eventhandling.GenericDomainEventEntry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * One row of {@code domain_event_entry}, column for column, as the archive keeps it: one JSON object per line,
 * <pre>{"globalIndex":..,"eventIdentifier":..,"aggregateIdentifier":..,"sequenceNumber":..,"type":..,"timeStamp":..,
 * "payloadType":..,"payloadRevision":..,"payload":"..","metaData":".."}</pre>
 * The payload and metadata (UTF-8 JSON as stored) are JSON strings, so that their bytes come back exactly as they
 * were and the checksums taken in the database hold for the archive too.
 */
record ArchivedEvent(long globalIndex, String eventIdentifier, String aggregateIdentifier, long sequenceNumber,
                     String type, String timeStamp, String payloadType, String payloadRevision, byte[] payload,
                     byte[] metaData) {

    /** The columns, in the order {@link #of(ResultSet)} reads them. */
    static final String COLUMNS = "global_index, event_identifier, aggregate_identifier, sequence_number, type,"
            + " time_stamp, payload_type, payload_revision, payload, meta_data";

    /** Streams are closed by whoever opened them: the checksum of a file reads past the last event. */
    private static final JsonFactory JSON = JsonFactory.builder()
            .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .build();

    static ArchivedEvent of(ResultSet rs) throws SQLException {
        return new ArchivedEvent(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getBytes(9), rs.getBytes(10));
    }

    /** The row as Axon reads stored events, to be upcast and deserialized like one read from the table. */
    GenericDomainEventEntry<byte[]> entry() {
        return new GenericDomainEventEntry<>(type, aggregateIdentifier, sequenceNumber, eventIdentifier, timeStamp,
                payloadType, payloadRevision, payload, metaData);
    }

    void writeLine(OutputStream out) throws IOException {
        JsonGenerator json = JSON.createGenerator(out);
        json.writeStartObject();
        json.writeNumberField("globalIndex", globalIndex);
        json.writeStringField("eventIdentifier", eventIdentifier);
        json.writeStringField("aggregateIdentifier", aggregateIdentifier);
        json.writeNumberField("sequenceNumber", sequenceNumber);
        json.writeStringField("type", type);
        json.writeStringField("timeStamp", timeStamp);
        json.writeStringField("payloadType", payloadType);
        json.writeStringField("payloadRevision", payloadRevision);
        json.writeStringField("payload", payload == null ? null : new String(payload, StandardCharsets.UTF_8));
        json.writeStringField("metaData", metaData == null ? null : new String(metaData, StandardCharsets.UTF_8));
        json.writeEndObject();
        json.flush();
        out.write('\n');
    }

    /** Reads the next event of a stream of lines; null at its end. */
    static ArchivedEvent read(JsonParser parser) throws IOException {
        JsonToken start = parser.nextToken();
        if (start == null) {
            return null;
        }
        if (start != JsonToken.START_OBJECT) {
            throw new IOException("an archived event is not a JSON object at " + parser.currentLocation());
        }
        long globalIndex = 0;
        long sequenceNumber = 0;
        String eventIdentifier = null;
        String aggregateIdentifier = null;
        String type = null;
        String timeStamp = null;
        String payloadType = null;
        String payloadRevision = null;
        byte[] payload = null;
        byte[] metaData = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            boolean isNull = value == JsonToken.VALUE_NULL;
            switch (field) {
                case "globalIndex" -> globalIndex = parser.getLongValue();
                case "sequenceNumber" -> sequenceNumber = parser.getLongValue();
                case "eventIdentifier" -> eventIdentifier = isNull ? null : parser.getText();
                case "aggregateIdentifier" -> aggregateIdentifier = isNull ? null : parser.getText();
                case "type" -> type = isNull ? null : parser.getText();
                case "timeStamp" -> timeStamp = isNull ? null : parser.getText();
                case "payloadType" -> payloadType = isNull ? null : parser.getText();
                case "payloadRevision" -> payloadRevision = isNull ? null : parser.getText();
                case "payload" -> payload = isNull ? null : parser.getText().getBytes(StandardCharsets.UTF_8);
                case "metaData" -> metaData = isNull ? null : parser.getText().getBytes(StandardCharsets.UTF_8);
                default -> parser.skipChildren();
            }
        }
        return new ArchivedEvent(globalIndex, eventIdentifier, aggregateIdentifier, sequenceNumber, type, timeStamp,
                payloadType, payloadRevision, payload, metaData);
    }

    static JsonParser parser(InputStream in) throws IOException {
        return JSON.createParser(in);
    }
}
