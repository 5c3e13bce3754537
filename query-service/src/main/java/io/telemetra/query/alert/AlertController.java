package io.telemetra.query.alert;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.telemetra.api.query.AlertView;
import io.telemetra.api.query.Page;
import io.telemetra.query.config.QueryProperties;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class AlertController {

    private final AlertReadModel alerts;
    private final QueryProperties properties;

    AlertController(AlertReadModel alerts, QueryProperties properties) {
        this.alerts = alerts;
        this.properties = properties;
    }

    @Operation(summary = "Alerts, newest first, filtered and paged",
            description = "Open and closed alerts of the fleet or of one device. state and severity take one value or"
                    + " several, comma-separated or repeated (state=OPEN,ACKNOWLEDGED,ESCALATED: every alert not"
                    + " resolved yet). An unknown state or severity, or a page size above the limit, is a 400 naming"
                    + " the parameter; an unknown device is an empty page.")
    @GetMapping("/api/alerts")
    Page<AlertView> alerts(
            @Parameter(description = "OPEN, ACKNOWLEDGED, ESCALATED or RESOLVED; several comma-separated",
                    example = "OPEN,ESCALATED") @RequestParam(required = false) String state,
            @Parameter(example = "boiler-7") @RequestParam(required = false) String deviceId,
            @Parameter(description = "INFO, WARNING or CRITICAL; several comma-separated", example = "CRITICAL")
            @RequestParam(required = false) String severity,
            @Parameter(description = "zero-based page index", example = "0") @RequestParam(required = false)
            Integer page,
            @Parameter(description = "items per page, bounded", example = "20") @RequestParam(required = false)
            Integer size) {
        return alerts.findAlerts(AlertListQuery.of(state, deviceId, severity, page, size, properties.page()));
    }
}
