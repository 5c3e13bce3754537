package io.telemetra.web;

import com.fasterxml.jackson.databind.JsonMappingException;

/** Where Jackson stopped binding, as the field path a problem detail names. */
public final class JsonPaths {

    private JsonPaths() {
    }

    /** e.g. {@code location.lat}, {@code metadata.vendor}, {@code readings[2].value} */
    public static String of(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getFieldName());
            } else {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }
}
