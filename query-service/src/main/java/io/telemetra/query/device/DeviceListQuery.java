package io.telemetra.query.device;

import io.telemetra.api.device.DeviceStatus;
import io.telemetra.query.config.QueryProperties;
import io.telemetra.query.web.InvalidParameterException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A validated fleet-list request. Sorting is only on a whitelist of fields, each mapped to its column here, so no
 * request text ever reaches the SQL; the device id always breaks ties so that pages do not overlap.
 *
 * @param sort column and direction pairs, in order, ending with the device id
 */
record DeviceListQuery(String type, DeviceStatus status, String site, int page, int size, List<Order> sort) {

    static final Map<String, String> SORTABLE = Map.of(
            "deviceId", "device_id",
            "name", "name",
            "type", "type",
            "site", "site",
            "status", "status",
            "registeredAt", "registered_at",
            "lastSeen", "last_seen");

    // Beyond this an offset scan would be too slow to be useful; filters narrow a fleet better.
    private static final int MAX_PAGE = 100_000;

    record Order(String column, boolean descending) {
    }

    long offset() {
        return (long) page * size;
    }

    static DeviceListQuery of(String type, String status, String site, Integer page, Integer size, String sort,
                              QueryProperties.Paging paging) {
        int pageNumber = page == null ? 0 : page;
        if (pageNumber < 0 || pageNumber > MAX_PAGE) {
            throw new InvalidParameterException("page", "page must be between 0 and " + MAX_PAGE + ", got " + page);
        }
        int pageSize = size == null ? paging.defaultSize() : size;
        if (pageSize < 1 || pageSize > paging.maxSize()) {
            throw new InvalidParameterException("size",
                    "size must be between 1 and " + paging.maxSize() + ", got " + size);
        }
        return new DeviceListQuery(blankToNull(type), status(status), blankToNull(site), pageNumber, pageSize,
                sort(sort));
    }

    private static DeviceStatus status(String status) {
        if (blankToNull(status) == null) {
            return null;
        }
        try {
            return DeviceStatus.valueOf(status.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidParameterException("status", "status must be one of " + List.of(DeviceStatus.values())
                    + ", got '" + status + "'");
        }
    }

    /**
     * {@code field[,asc|desc]}, repeatable: {@code sort=status&sort=lastSeen,desc} arrives joined by commas as
     * {@code status,lastSeen,desc}, so a direction applies to the field before it.
     */
    private static List<Order> sort(String sort) {
        List<Order> orders = new ArrayList<>();
        boolean byDeviceId = false;
        if (blankToNull(sort) != null) {
            for (String token : sort.split(",")) {
                String value = token.trim();
                if (value.equalsIgnoreCase("asc") || value.equalsIgnoreCase("desc")) {
                    if (orders.isEmpty()) {
                        throw invalidSort(sort);
                    }
                    Order last = orders.remove(orders.size() - 1);
                    orders.add(new Order(last.column(), value.equalsIgnoreCase("desc")));
                    continue;
                }
                String column = SORTABLE.get(value);
                if (column == null) {
                    throw invalidSort(sort);
                }
                byDeviceId |= column.equals("device_id");
                orders.add(new Order(column, false));
            }
        }
        if (!byDeviceId) {
            orders.add(new Order("device_id", false));
        }
        return List.copyOf(orders);
    }

    private static InvalidParameterException invalidSort(String sort) {
        return new InvalidParameterException("sort", "sort must be field[,asc|desc] with field one of "
                + SORTABLE.keySet().stream().sorted().toList() + ", got '" + sort + "'");
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
