package io.telemetra.command.validation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.Arrays;
import java.util.Map;
import java.util.regex.Pattern;

import static io.telemetra.command.validation.InvalidRequestException.invalid;

/** Field checks shared by the request validators; each throws {@link InvalidRequestException} naming the field. */
public final class Fields {

    /** Identifiers that travel in URLs, Kafka keys and logs: no spaces, no slashes, bounded. */
    public static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}");
    /** Metric names, as readings and rules use them. */
    public static final Pattern METRIC = Pattern.compile("[A-Za-z][A-Za-z0-9_.:-]{0,63}");
    /** Types of the commands sent to devices: REBOOT, THROTTLE, SET_CONFIG... */
    public static final Pattern COMMAND_TYPE = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");
    /**
     * Bound on a device command's parameters as JSON: they travel in every delivery to the device and stay in the
     * device's state while the command is open.
     */
    public static final int MAX_PARAMETERS_BYTES = 8 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();

    private Fields() {
    }

    /** The path of a nested field: {@code path("readings[2]", "value")} is {@code readings[2].value}. */
    public static String path(String prefix, String name) {
        return prefix.isEmpty() ? name : prefix + "." + name;
    }

    public static String requireIdentifier(String value, String field) {
        requirePresent(value, field);
        if (!IDENTIFIER.matcher(value).matches()) {
            throw invalid(field, field + " must match " + IDENTIFIER.pattern());
        }
        return value;
    }

    public static String requireMatch(String value, Pattern pattern, String field) {
        requirePresent(value, field);
        if (!pattern.matcher(value).matches()) {
            throw invalid(field, field + " must match " + pattern.pattern());
        }
        return value;
    }

    public static String requireText(String value, int maxLength, String field) {
        requirePresent(value, field);
        if (value.isBlank()) {
            throw invalid(field, field + " must not be blank");
        }
        return optionalText(value, maxLength, field);
    }

    /** Text that may be absent but, when present, is bounded and free of control characters. */
    public static String optionalText(String value, int maxLength, String field) {
        if (value == null) {
            return null;
        }
        if (value.length() > maxLength) {
            throw invalid(field, field + " must be at most " + maxLength + " characters");
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw invalid(field, field + " must not contain control characters");
        }
        return value;
    }

    /** A device command's parameters: absent is none; present, a JSON object of bounded size. */
    public static Map<String, Object> optionalParameters(Map<String, Object> parameters, String field) {
        if (parameters == null) {
            return Map.of();
        }
        try {
            if (JSON.writeValueAsBytes(parameters).length > MAX_PARAMETERS_BYTES) {
                throw invalid(field, field + " must be at most " + MAX_PARAMETERS_BYTES + " bytes of JSON");
            }
        } catch (JsonProcessingException e) {
            throw invalid(field, field + " must be a JSON object");
        }
        return parameters;
    }

    public static <T> T requirePresent(T value, String field) {
        if (value == null) {
            throw invalid(field, field + " is required");
        }
        return value;
    }

    /** The constant of {@code type} named exactly {@code value}; required. */
    public static <E extends Enum<E>> E requireEnum(String value, Class<E> type, String field) {
        requirePresent(value, field);
        E[] constants = type.getEnumConstants();
        return Arrays.stream(constants)
                .filter(constant -> constant.name().equals(value))
                .findFirst()
                .orElseThrow(() -> invalid(field, field + " must be one of " + Arrays.toString(constants)));
    }
}
