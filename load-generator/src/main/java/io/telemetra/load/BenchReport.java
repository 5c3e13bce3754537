package io.telemetra.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What {@code ./telemetra bench} prints at the end: a short table, then one line that scripts can parse,
 * {@code ratio <x> platform <n>/s raw <m>/s p99-visibility <t>ms}.
 *
 * @param applied      readings the read model gained in the window: the end-to-end rate, where {@code stored} is the
 *                     event store's
 * @param restRequests REST request latencies, or null on the Kafka path
 * @param notVisible   samples still invisible when the bench stopped waiting (their wait is counted as a lower bound)
 */
record BenchReport(
        String path,
        int devices,
        double offeredPerSecond,
        double windowSeconds,
        long sent,
        long accepted,
        long stored,
        long applied,
        EventStore.Readings platformRows,
        RawCeiling.Result raw,
        Percentiles visibility,
        long notVisible,
        long visibilityWaitSeconds,
        Percentiles restRequests,
        String errors,
        CpuAccount.Usage windowCpu,
        CpuAccount.Usage rawCpu,
        int cores) {

    /** The ratio the product aims at; the CPU budget per reading is reported at it. */
    static final double TARGET_RATIO = 0.5;

    double platformPerSecond() {
        return stored / windowSeconds;
    }

    double ratio() {
        return raw.perSecond() > 0 ? platformPerSecond() / raw.perSecond() : 0;
    }

    String table() {
        List<String[]> rows = new ArrayList<>();
        rows.add(row("path", path));
        rows.add(row("offered", f("%.0f/s open loop over %d devices for %.1f s", offeredPerSecond, devices,
                windowSeconds)));
        rows.add(row("readings sent", f("%d in the window (%d accepted)", sent, accepted)));
        rows.add(row("readings stored", f("%d in the window = %.0f/s (ReadingRecorded events in the event store)",
                stored, platformPerSecond())));
        rows.add(row("read model", f("%d readings applied in the window = %.0f/s (end to end: rows the projection added "
                + "to readmodel.reading)", applied, applied / windowSeconds)));
        rows.add(row("raw ceiling", f("%d rows in %.1f s = %.0f/s (plain JDBC, 1 connection, %d rows per transaction)",
                raw.rows(), raw.seconds(), raw.perSecond(), RawCeiling.BATCH)));
        String platformSize = stored == 0 ? "platform n/a"
                : f("platform %.0f B payload + %.0f B metadata", platformRows.payloadBytes(),
                platformRows.metaDataBytes());
        rows.add(row("row size", f("%s; raw %d B + %d B", platformSize, raw.payloadBytes(), raw.metaDataBytes())));
        String lowerBound = notVisible > 0 ? f(", %d not visible after %d s: counted as lower bounds", notVisible,
                visibilityWaitSeconds) : "";
        rows.add(row("visibility p50/p95/p99", visibility.describe() + f(" (%d samples%s)", visibility.count(),
                lowerBound)));
        if (restRequests != null) {
            rows.add(row("REST request p50/p95/p99", restRequests.describe() + f(" (%d requests)",
                    restRequests.count())));
        }
        rows.add(row("errors", errors));
        rows.add(row("cpu, raw ceiling", rawCpu.describe("row")));
        rows.add(row("cpu, window", windowCpu.describe("reading stored")));
        if (raw.perSecond() > 0) {
            rows.add(row("cpu budget at ratio " + TARGET_RATIO, f("%.0f µs per reading (%d cores / %.0f readings/s)",
                    cores * 1e6 / (TARGET_RATIO * raw.perSecond()), cores, TARGET_RATIO * raw.perSecond())));
        }
        int width = rows.stream().mapToInt(r -> r[0].length()).max().orElse(0);
        StringBuilder table = new StringBuilder();
        for (String[] r : rows) {
            table.append(f("  %-" + width + "s  %s%n", r[0], r[1]));
        }
        return table.toString();
    }

    /** {@code ratio 0.52 platform 13000/s raw 25000/s p99-visibility 640ms}. */
    String line() {
        return f("ratio %.2f platform %.0f/s raw %.0f/s p99-visibility %s", ratio(), platformPerSecond(),
                raw.perSecond(), visibility.empty() ? "n/a" : visibility.p99() + "ms");
    }

    private static String[] row(String name, String value) {
        return new String[] {name, value};
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
