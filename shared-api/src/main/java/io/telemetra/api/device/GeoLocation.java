package io.telemetra.api.device;

/** A WGS-84 position. */
public record GeoLocation(double lat, double lon) {
}
