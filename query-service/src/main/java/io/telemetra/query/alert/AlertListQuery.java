package io.telemetra.query.alert;

import io.telemetra.api.alert.AlertState;
import io.telemetra.api.device.Severity;
import io.telemetra.query.config.QueryProperties;
import io.telemetra.query.web.EnumParameters;
import io.telemetra.query.web.PageRequest;

import java.util.Set;

/**
 * A validated {@code GET /api/alerts} request.
 *
 * @param states     any of these states; every state when empty
 * @param deviceId   one device's alerts, or every device's when null
 * @param severities any of these severities; every severity when empty
 */
record AlertListQuery(Set<AlertState> states, String deviceId, Set<Severity> severities, PageRequest page) {

    static AlertListQuery of(String state, String deviceId, String severity, Integer page, Integer size,
                             QueryProperties.Paging paging) {
        return new AlertListQuery(EnumParameters.anyOf("state", state, AlertState.class),
                deviceId == null || deviceId.isBlank() ? null : deviceId,
                EnumParameters.anyOf("severity", severity, Severity.class), PageRequest.of(page, size, paging));
    }
}
