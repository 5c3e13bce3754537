package io.telemetra.command.audit;

import io.telemetra.api.audit.DeviceHistoryEntry;
import io.telemetra.api.audit.DeviceStateView;
import io.telemetra.api.kafka.DeviceEventTypes;
import io.telemetra.api.query.Page;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;

import static io.telemetra.command.validation.InvalidRequestException.invalid;

/** Audit views over the event store: who did what to a device, when and why, and its state at any instant. */
@RestController
@RequestMapping("/api/devices/{deviceId}")
class AuditController {

    static final int DEFAULT_PAGE_SIZE = 50;
    static final int MAX_PAGE_SIZE = 500;
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("+10000-01-01T00:00:00Z");

    private final DeviceAudit audit;
    private final Clock clock;

    AuditController(DeviceAudit audit, Clock clock) {
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * The device's events in stream order, optionally within {@code [from, to)} of their stored time and of one type
     * (a stable name such as {@code ReadingRecorded}).
     */
    @GetMapping("/history")
    Page<DeviceHistoryEntry> history(@PathVariable String deviceId,
                                     @RequestParam(required = false) String from,
                                     @RequestParam(required = false) String to,
                                     @RequestParam(required = false) String type,
                                     @RequestParam(defaultValue = "0") int page,
                                     @RequestParam(defaultValue = "" + DEFAULT_PAGE_SIZE) int size) {
        Instant fromInstant = instant(from, "from");
        Instant toInstant = instant(to, "to");
        if (fromInstant != null && toInstant != null && !fromInstant.isBefore(toInstant)) {
            throw invalid("to", "to must be after from");
        }
        Class<?> payloadType = type == null ? null : DeviceEventTypes.classOf(type)
                .orElseThrow(() -> invalid("type", "unknown event type " + type));
        if (page < 0) {
            throw invalid("page", "page must be at least 0");
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw invalid("size", "size must be between 1 and " + MAX_PAGE_SIZE);
        }
        return audit.history(new HistoryQuery(deviceId, fromInstant, toInstant, payloadType, page, size));
    }

    /** The device's state rebuilt from its events stored up to {@code asOf} (now when absent). */
    @GetMapping("/state")
    DeviceStateView state(@PathVariable String deviceId, @RequestParam(required = false) String asOf) {
        Instant instant = instant(asOf, "asOf");
        return audit.stateAsOf(deviceId, instant != null ? instant : clock.instant());
    }

    private static Instant instant(String value, String field) {
        if (value == null) {
            return null;
        }
        Instant instant;
        try {
            instant = Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw invalid(field, field + " must be an ISO-8601 instant, e.g. 2026-01-01T12:00:00Z");
        }
        // Beyond these years PostgreSQL's timestamps (and four-digit ISO years) end: refused here, not failed there.
        if (instant.isBefore(EARLIEST) || !instant.isBefore(LATEST)) {
            throw invalid(field, field + " must lie in the years 1 to 9999");
        }
        return instant;
    }
}
