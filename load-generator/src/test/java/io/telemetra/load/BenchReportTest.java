package io.telemetra.load;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class BenchReportTest {

    private static LatencySamples micros(long... values) {
        LatencySamples samples = new LatencySamples();
        for (long value : values) {
            samples.record(value);
        }
        return samples;
    }

    private static BenchReport report(long stored, double windowSeconds, RawCeiling.Result raw, LatencySamples seen,
                                      Percentiles rest) {
        return new BenchReport("kafka", 1000, 5000, windowSeconds, 300_000, 299_990, stored, stored / 2,
                new EventStore.Readings(stored, 190.4, 151.6), raw, Percentiles.ofMicros(seen), 0, 30, rest,
                "none (whole run)", cpu(60, stored), cpu(raw.seconds(), raw.rows()), 2, null);
    }

    private static BenchReport withHalfLoad(BenchReport report, BenchReport.HalfLoad halfLoad) {
        return new BenchReport(report.path(), report.devices(), report.offeredPerSecond(), report.windowSeconds(),
                report.sent(), report.accepted(), report.stored(), report.applied(), report.platformRows(),
                report.raw(), report.visibility(), report.notVisible(), report.visibilityWaitSeconds(),
                report.restRequests(), report.errors(), report.windowCpu(), report.rawCpu(), report.cores(), halfLoad);
    }

    /** command-service busy one core and postgres half a core for {@code seconds}. */
    private static CpuAccount.Usage cpu(double seconds, long units) {
        Map<String, Duration> byPart = new LinkedHashMap<>();
        byPart.put("command-service", Duration.ofMillis(Math.round(seconds * 1000)));
        byPart.put("postgres", Duration.ofMillis(Math.round(seconds * 500)));
        return new CpuAccount.Usage(byPart, seconds, units);
    }

    @Test
    void theLastLineIsRatioPlatformRawP99VisibilityThenEndToEndCpuAndHalfLoad() {
        BenchReport report = report(240_000, 60, new RawCeiling.Result(240_000, 9.6, 300, 101),
                micros(120_000, 180_400, 640_300), null);
        BenchReport.HalfLoad halfLoad = new BenchReport.HalfLoad(4400, 2200, 60, 132_000, 132_000,
                Percentiles.ofMicros(micros(90_000, 310_200)), 0, cpu(60, 132_000));

        // stored 240000 / 60 s = 4000/s; applied 120000 / 60 s = 2000/s end to end; raw 240000 / 9.6 s = 25000/s;
        // ratio 2000 / 25000 = 0.08; cpu 60 s + 30 s over 240000 = 375 µs; at half load over 132000 = 682 µs
        assertThat(withHalfLoad(report, halfLoad).line()).isEqualTo("ratio 0.08 platform 4000/s raw 25000/s "
                + "p99-visibility 640ms e2e 2000/s cpu 375us half-load-p99 310ms half-load-cpu 682us");
        assertThat(report.line()).as("a given --rate runs no half-load window").isEqualTo("ratio 0.08 platform "
                + "4000/s raw 25000/s p99-visibility 640ms e2e 2000/s cpu 375us half-load-p99 n/a half-load-cpu n/a");
    }

    @Test
    void theLineMatchesTheDocumentedPattern() {
        BenchReport report = report(1_234_567, 61.3, new RawCeiling.Result(1_234_567, 50.2, 300, 101),
                micros(999_999), null);

        assertThat(report.line()).matches("ratio \\d+\\.\\d{2} platform \\d+/s raw \\d+/s p99-visibility \\d+ms "
                + "e2e \\d+/s cpu \\d+us half-load-p99 (\\d+ms|n/a) half-load-cpu (\\d+us|n/a)");
        assertThat(report.ratio()).isCloseTo((1_234_567 / 2 / 61.3) / (1_234_567 / 50.2), org.assertj.core.data.Offset
                .offset(1e-6));
    }

    @Test
    void nothingStoredIsARatioOfZeroAndNoSampleIsNotAnumber() {
        BenchReport report = report(0, 60, new RawCeiling.Result(10_000, 0.5, 300, 101), new LatencySamples(), null);

        assertThat(report.line()).isEqualTo("ratio 0.00 platform 0/s raw 20000/s p99-visibility n/a e2e 0/s cpu n/a "
                + "half-load-p99 n/a half-load-cpu n/a");
    }

    @Test
    void theTableNamesEveryFigureAndRestLatencyOnlyOnTheRestPath() {
        BenchReport kafka = report(240_000, 60, new RawCeiling.Result(240_000, 9.6, 300, 101),
                micros(120_000, 180_400, 640_300), null);
        BenchReport rest = report(240_000, 60, new RawCeiling.Result(240_000, 9.6, 300, 101),
                micros(120_000), Percentiles.ofMicros(micros(8_000, 9_000, 31_000)));

        assertThat(kafka.table())
                .contains("readings stored", "240000 in the window = 4000/s")
                .contains("read model", "120000 readings applied in the window = 2000/s (end to end")
                .contains("raw ceiling", "240000 rows in 9.6 s = 25000/s")
                .contains("visibility p50/p95/p99", "180 / 640 / 640 ms (3 samples)")
                .contains("platform 190 B payload + 152 B metadata; raw 300 B + 101 B")
                .contains("errors", "none (whole run)")
                .doesNotContain("REST request");
        assertThat(rest.table()).contains("REST request p50/p95/p99", "9 / 31 / 31 ms (3 requests)");
    }

    @Test
    void theTableSaysWhereTheCpuWentAndWhatARatioOfOneHalfWouldAllow() {
        BenchReport report = report(240_000, 60, new RawCeiling.Result(240_000, 9.6, 300, 101), micros(1_000), null);

        assertThat(report.table())
                // 9.6 s of command-service over 240000 rows = 40 µs, 4.8 s of postgres = 20 µs
                .contains("cpu, raw ceiling", "command-service 1.00 cores 40 µs, postgres 0.50 cores 20 µs; "
                        + "total 1.50 cores, 60 µs per row")
                // 60 s over 240000 readings = 250 µs, 30 s = 125 µs
                .contains("cpu, window", "command-service 1.00 cores 250 µs, postgres 0.50 cores 125 µs; "
                        + "total 1.50 cores, 375 µs per reading stored")
                // 2 cores for 0.5 x 25000 readings/s
                .contains("cpu budget at ratio 0.5", "160 µs per reading (2 cores / 12500 readings/s)");
    }

    @Test
    void theTableShowsTheHalfLoadWindowWhenThereWasOne() {
        BenchReport report = withHalfLoad(report(240_000, 60, new RawCeiling.Result(240_000, 9.6, 300, 101),
                micros(1_000), null), new BenchReport.HalfLoad(4400, 2200, 60, 132_000, 131_000,
                Percentiles.ofMicros(micros(90_000, 310_200)), 1, cpu(60, 132_000)));

        assertThat(report.table())
                .contains("half load", "2200/s offered (half of 4400/s sustained end to end before) for 60.0 s: 132000 "
                        + "stored = 2200/s, 131000 applied = 2183/s")
                .contains("half load, visibility", "90 / 310 / 310 ms (2 samples, 1 not visible after 30 s")
                .contains("half load, cpu", "total 1.50 cores, 682 µs per reading stored");
    }

    @Test
    void samplesNeverSeenAreCalledLowerBounds() {
        BenchReport report = new BenchReport("kafka", 10, 100, 10, 1000, 1000, 0, 0, new EventStore.Readings(0, 0, 0),
                new RawCeiling.Result(10_000, 1, 300, 101), Percentiles.ofMicros(micros(30_000_000)), 1, 30, null,
                "none", cpu(10, 0), cpu(1, 10_000), 2, null);

        assertThat(report.table()).contains("1 not visible after 30 s: counted as lower bounds");
    }
}
