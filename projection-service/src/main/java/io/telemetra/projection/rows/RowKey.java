package io.telemetra.projection.rows;

/**
 * The key of a row that belongs to one device and is named by its own id within it (an alert, a device command).
 * Ordered by device, then id.
 */
public record RowKey(String deviceId, String id) implements Comparable<RowKey> {

    @Override
    public int compareTo(RowKey other) {
        int byDevice = deviceId.compareTo(other.deviceId);
        return byDevice != 0 ? byDevice : id.compareTo(other.id);
    }
}
