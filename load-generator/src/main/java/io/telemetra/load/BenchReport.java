package io.telemetra.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What {@code ./telemetra bench} prints at the end: a short table, then one line that scripts can parse,
 * {@code ratio <x> platform <n>/s raw <m>/s p99-visibility <t>ms e2e <e>/s cpu <c>us half-load-p99 <h>ms
 * half-load-cpu <k>us}.
 *
 * @param applied      readings the read model gained in the window: the end-to-end rate, where {@code stored} is the
 *                     event store's
 * @param restRequests REST request latencies, or null on the Kafka path
 * @param notVisible   samples still invisible when the bench stopped waiting (their wait is counted as a lower bound)
 * @param halfLoad     the second window, at half the saturated rate; null when there was none (a given --rate)
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
        int cores,
        HalfLoad halfLoad) {

    /**
     * A window offered half the rate the platform sustained end to end when saturated: what latency and cost are when the platform is not
     * saturated.
     *
     * @param saturated the best rate the event store gained during the ramp
     */
    record HalfLoad(double saturated, double offeredPerSecond, double windowSeconds, long stored, long applied,
                    Percentiles visibility, long notVisible, CpuAccount.Usage cpu) {
    }

    /** The ratio the product aims at; the CPU budget per reading is reported at it. */
    static final double TARGET_RATIO = 0.5;

    double platformPerSecond() {
        return stored / windowSeconds;
    }

    double endToEndPerSecond() {
        return applied / windowSeconds;
    }

    /** The end-to-end rate over the raw ceiling of the same run. */
    double ratio() {
        return raw.perSecond() > 0 ? endToEndPerSecond() / raw.perSecond() : 0;
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
        if (halfLoad != null) {
            rows.add(row("half load", f("%.0f/s offered (half of %.0f/s sustained end to end before) for %.1f s: %d "
                    + "stored = %.0f/s, %d applied = %.0f/s", halfLoad.offeredPerSecond(), halfLoad.saturated(),
                    halfLoad.windowSeconds(), halfLoad.stored(), halfLoad.stored() / halfLoad.windowSeconds(),
                    halfLoad.applied(), halfLoad.applied() / halfLoad.windowSeconds())));
            String halfLowerBound = halfLoad.notVisible() > 0 ? f(", %d not visible after %d s: counted as lower "
                    + "bounds", halfLoad.notVisible(), visibilityWaitSeconds) : "";
            rows.add(row("half load, visibility", halfLoad.visibility().describe() + f(" (%d samples%s)",
                    halfLoad.visibility().count(), halfLowerBound)));
            rows.add(row("half load, cpu", halfLoad.cpu().describe("reading stored")));
        }
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

    /**
     * {@code ratio 0.52 platform 13000/s raw 25000/s p99-visibility 640ms e2e 13000/s cpu 150us half-load-p99 120ms
     * half-load-cpu 180us}; a figure that was not measured is {@code n/a}.
     */
    String line() {
        String halfLoadP99 = halfLoad == null ? "n/a" : p99(halfLoad.visibility());
        String halfLoadCpu = halfLoad == null || halfLoad.stored() == 0 ? "n/a" : micros(halfLoad.cpu());
        return f("ratio %.2f platform %.0f/s raw %.0f/s p99-visibility %s e2e %.0f/s cpu %s half-load-p99 %s "
                        + "half-load-cpu %s", ratio(), platformPerSecond(), raw.perSecond(), p99(visibility),
                endToEndPerSecond(), stored == 0 ? "n/a" : micros(windowCpu), halfLoadP99, halfLoadCpu);
    }

    private static String p99(Percentiles latencies) {
        return latencies.empty() ? "n/a" : latencies.p99() + "ms";
    }

    /** All parts together; n/a where the operating system does not say. */
    private static String micros(CpuAccount.Usage cpu) {
        return cpu.byPart().isEmpty() ? "n/a" : f("%.0fus", cpu.totalMicrosPerUnit());
    }

    private static String[] row(String name, String value) {
        return new String[] {name, value};
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
