package io.telemetra.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.telemetra.api.kafka.WireFormat;

import java.io.IOException;
import java.io.UncheckedIOException;

/** A record value of Telemetra's topics, read as a consumer of them reads it. */
public final class WireJson {

    private static final ObjectMapper WIRE = WireFormat.objectMapper();

    private WireJson() {
    }

    public static <T> T read(byte[] value, Class<T> type) {
        try {
            return WIRE.readValue(value, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
