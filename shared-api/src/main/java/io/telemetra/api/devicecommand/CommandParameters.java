package io.telemetra.api.devicecommand;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** A device command's parameters as every record holding them keeps them. */
public final class CommandParameters {

    private CommandParameters() {
    }

    /**
     * An unmodifiable copy in the given order, empty for null. Not {@code Map.copyOf}: that one reorders the entries
     * (which the wire format shows) and refuses null values.
     */
    public static Map<String, Object> copyOf(Map<String, Object> parameters) {
        return parameters == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }
}
