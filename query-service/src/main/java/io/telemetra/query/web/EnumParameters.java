package io.telemetra.query.web;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Query parameters naming enum constants, case-insensitively; an unknown name is a 400 naming the parameter. */
public final class EnumParameters {

    private EnumParameters() {
    }

    /** One constant, or null when the parameter is absent or blank. */
    public static <E extends Enum<E>> E one(String parameter, String value, Class<E> type) {
        return value == null || value.isBlank() ? null : parse(parameter, value, value, type);
    }

    /**
     * Any of several constants, comma-separated ({@code state=OPEN,ESCALATED}, or the parameter repeated, which Spring
     * joins with commas); empty when the parameter is absent or blank.
     */
    public static <E extends Enum<E>> Set<E> anyOf(String parameter, String value, Class<E> type) {
        Set<E> constants = EnumSet.noneOf(type);
        if (value != null && !value.isBlank()) {
            for (String name : value.split(",", -1)) {
                constants.add(parse(parameter, name, value, type));
            }
        }
        return constants;
    }

    private static <E extends Enum<E>> E parse(String parameter, String name, String value, Class<E> type) {
        try {
            return Enum.valueOf(type, name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidParameterException(parameter, parameter + " must be one of "
                    + List.of(type.getEnumConstants()) + ", got '" + value + "'");
        }
    }
}
