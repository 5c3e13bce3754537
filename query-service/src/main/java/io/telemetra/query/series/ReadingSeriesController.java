package io.telemetra.query.series;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.telemetra.api.error.DomainException;
import io.telemetra.api.error.ErrorCode;
import io.telemetra.api.query.ReadingPoint;
import io.telemetra.api.query.ReadingWindow;
import io.telemetra.query.config.QueryProperties;
import io.telemetra.query.web.InvalidParameterException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;

@RestController
class ReadingSeriesController {

    private final ReadingSeriesReadModel series;
    private final QueryProperties.Readings limits;

    ReadingSeriesController(ReadingSeriesReadModel series, QueryProperties properties) {
        this.series = series;
        this.limits = properties.readings();
    }

    @Operation(summary = "A device's time series of one metric, by event time",
            description = "Raw readings as {timestamp, value}, or 1-minute / 1-hour windows (aligned on UTC) as"
                    + " {windowStart, count, min, max, mean}, in time order, over [from, to). to defaults to now,"
                    + " from to 1 h (raw), 6 h (1m) or 7 d (1h) before to. A range or point count above the limits"
                    + " is a 400 naming the parameter.",
            responses = @ApiResponse(responseCode = "200", content = @Content(array = @ArraySchema(
                    schema = @Schema(oneOf = {ReadingPoint.class, ReadingWindow.class})))))
    @GetMapping("/api/devices/{deviceId}/readings")
    List<?> readings(
            @Parameter(example = "boiler-7") @PathVariable String deviceId,
            @Parameter(required = true, example = "temperature") @RequestParam String metric,
            @Parameter(description = "inclusive start, ISO-8601", example = "2026-11-24T08:00:00Z")
            @RequestParam(required = false) Instant from,
            @Parameter(description = "exclusive end, ISO-8601", example = "2026-11-24T09:00:00Z")
            @RequestParam(required = false) Instant to,
            @Parameter(description = "raw (default), 1m or 1h", example = "1m")
            @RequestParam(required = false) String resolution) {
        SeriesQuery query = SeriesQuery.of(deviceId, metric, from, to, resolution, Instant.now(), limits);
        if (!series.deviceExists(deviceId)) {
            throw new DomainException(ErrorCode.DEVICE_NOT_FOUND, "No device " + deviceId);
        }
        if (query.resolution() != Resolution.RAW) {
            return series.windows(query);
        }
        List<ReadingPoint> points = series.raw(query, limits.maxPoints() + 1);
        if (points.size() > limits.maxPoints()) {
            throw new InvalidParameterException("from", "more than " + limits.maxPoints() + " raw readings between "
                    + query.from() + " and " + query.to() + "; narrow from/to or use resolution=1m");
        }
        return points;
    }
}
