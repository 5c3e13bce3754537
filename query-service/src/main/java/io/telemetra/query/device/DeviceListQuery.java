package io.telemetra.query.device;

import io.telemetra.api.device.DeviceStatus;
import io.telemetra.query.config.QueryProperties;
import io.telemetra.query.web.EnumParameters;
import io.telemetra.query.web.InvalidParameterException;
import io.telemetra.query.web.PageRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A validated fleet-list request. Sorting is only on a whitelist of fields, each mapped to its column here, so no
 * request text ever reaches the SQL; the device id always breaks ties so that pages do not overlap.
 *
 * @param search text the device id or name contains, case-insensitively, or null
 * @param sort   column and direction pairs, in order, ending with the device id
 */
record DeviceListQuery(String search, String type, DeviceStatus status, String site, int page, int size,
                       List<Order> sort) {

    static final int MAX_SEARCH_LENGTH = 100;

    static final Map<String, String> SORTABLE = Map.of(
            "deviceId", "device_id",
            "name", "name",
            "type", "type",
            "site", "site",
            "status", "status",
            "registeredAt", "registered_at",
            "lastSeen", "last_seen");

    record Order(String column, boolean descending) {
    }

    long offset() {
        return (long) page * size;
    }

    static DeviceListQuery of(String search, String type, String status, String site, Integer page, Integer size,
                              String sort, QueryProperties.Paging paging) {
        PageRequest request = PageRequest.of(page, size, paging);
        String q = blankToNull(search);
        if (q != null && q.length() > MAX_SEARCH_LENGTH) {
            throw new InvalidParameterException("q", "q must be at most " + MAX_SEARCH_LENGTH + " characters");
        }
        return new DeviceListQuery(q == null ? null : q.trim(), blankToNull(type), EnumParameters.one("status", status, DeviceStatus.class),
                blankToNull(site), request.number(), request.size(), sort(sort));
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

    /** The search as a LIKE pattern: its own wildcards and the escape character match themselves. */
    String searchPattern() {
        return "%" + search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
