package io.telemetra.load;

import io.telemetra.api.telemetry.DeviceReading;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class FleetTest {

    private static final Instant START = Instant.parse("2026-11-24T10:00:00Z");

    @Test
    void deviceIdsArePaddedToAtLeastFourDigits() {
        assertThat(Fleet.deviceIds("sim", 3)).containsExactly("sim-0001", "sim-0002", "sim-0003");
        assertThat(Fleet.deviceIds("bench", 12_000).get(11_999)).isEqualTo("bench-12000");
        assertThat(Fleet.deviceIds("bench", 12_000).get(0)).isEqualTo("bench-00001");
    }

    @Test
    void devicesTakeTurnsAndEachAlternatesTemperatureAndHumidity() {
        Fleet fleet = new Fleet("sim", 3, 1, false, "run", 0, START);

        List<DeviceReading> readings = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            readings.add(fleet.next(i, START.plusMillis(i)).reading());
        }

        assertThat(readings).extracting(DeviceReading::deviceId)
                .containsExactly("sim-0001", "sim-0002", "sim-0003", "sim-0001", "sim-0002", "sim-0003");
        assertThat(readings).extracting(DeviceReading::metric).containsExactly("temperature", "temperature",
                "temperature", "humidity", "humidity", "humidity");
        assertThat(readings).extracting(DeviceReading::unit).containsExactly("Cel", "Cel", "Cel", "%", "%", "%");
        assertThat(fleet.count()).isEqualTo(6);
    }

    @Test
    void readingIdsAreUniqueAndCarryTheRunSoARepeatedRunIsNotTakenForADuplicate() {
        Fleet fleet = new Fleet("bench", 10, 1, false, Fleet.runId(START), 0, START);
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            ids.add(fleet.next(i, START).reading().readingId());
        }

        assertThat(ids).hasSize(1000).allMatch(id -> id.startsWith(Fleet.runId(START) + "-"))
                .allMatch(id -> id.matches("[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}"));
        assertThat(Fleet.runId(START)).isNotEqualTo(Fleet.runId(START.plusMillis(1)));
    }

    @Test
    void aDevicesTimestampsStrictlyIncreaseEvenWhenReadingsShareAMillisecond() {
        Fleet fleet = new Fleet("bench", 2, 1, false, "run", 0, START);
        Map<String, Instant> last = new HashMap<>();

        for (int i = 0; i < 100; i++) {
            DeviceReading reading = fleet.next(i, START.plusNanos(i * 10_000L)).reading();
            Instant previous = last.put(reading.deviceId(), reading.timestamp());
            if (previous != null) {
                assertThat(reading.timestamp()).isAfter(previous);
            }
            assertThat(reading.timestamp().getNano() % 1_000_000).isZero();
        }
    }

    @Test
    void samplesAboutOneReadingInNSpreadOverTheDevices() {
        Fleet fleet = new Fleet("bench", 100, 7, false, "run", 50, START);
        Set<String> sampledDevices = new HashSet<>();
        int sampled = 0;
        for (int i = 0; i < 100_000; i++) {
            PlannedReading reading = fleet.next(i, START.plusMillis(i));
            if (reading.sampled()) {
                sampled++;
                sampledDevices.add(reading.reading().deviceId());
            }
        }

        assertThat(sampled).isBetween(1_700, 2_300);
        assertThat(sampledDevices).hasSize(100);
    }

    @Test
    void noSamplesWhenSamplingIsOff() {
        Fleet fleet = new Fleet("sim", 5, 1, false, "run", 0, START);
        for (int i = 0; i < 1000; i++) {
            assertThat(fleet.next(i, START).sampled()).isFalse();
        }
    }

    @Test
    void theSameSeedMakesTheSameReadings() {
        Fleet a = new Fleet("sim", 4, 99, true, "run", 10, START);
        Fleet b = new Fleet("sim", 4, 99, true, "run", 10, START);
        for (int i = 0; i < 200; i++) {
            assertThat(a.next(i, START.plusSeconds(i))).isEqualTo(b.next(i, START.plusSeconds(i)));
        }
    }
}
