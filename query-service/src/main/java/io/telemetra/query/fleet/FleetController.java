package io.telemetra.query.fleet;

import io.swagger.v3.oas.annotations.Operation;
import io.telemetra.api.query.FleetSummary;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;

@RestController
class FleetController {

    private final FleetReadModel fleet;

    FleetController(FleetReadModel fleet) {
        this.fleet = fleet;
    }

    @Operation(summary = "Fleet counters: devices by status, open and escalated alerts, readings in the last minute",
            description = "openAlerts counts the alerts not resolved yet; escalatedAlerts those of them that were"
                    + " escalated (acknowledged since or not). All figures come from one snapshot.")
    @GetMapping("/api/fleet/summary")
    FleetSummary summary() {
        return fleet.summary(Instant.now());
    }
}
