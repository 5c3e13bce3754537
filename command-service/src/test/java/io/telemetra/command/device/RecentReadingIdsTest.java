package io.telemetra.command.device;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static io.telemetra.command.device.RecentReadingIds.Recall.DIFFERENT;
import static io.telemetra.command.device.RecentReadingIds.Recall.SAME;
import static io.telemetra.command.device.RecentReadingIds.Recall.UNKNOWN;
import static org.assertj.core.api.Assertions.assertThat;

class RecentReadingIdsTest {

    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    private final RecentReadingIds ids = new RecentReadingIds();

    @Test
    void anIdIsRecalledWithWhetherItsContentIsTheSame() {
        ids.remember("r-1", 11, T0);

        assertThat(ids.recall("r-1", 11)).isEqualTo(SAME);
        assertThat(ids.recall("r-1", 12)).isEqualTo(DIFFERENT);
        assertThat(ids.recall("r-2", 11)).isEqualTo(UNKNOWN);
    }

    @Test
    void keepsAtMostTheBoundNewestIds() {
        for (int i = 0; i < RecentReadingIds.MAX_IDS + 2; i++) {
            ids.remember("r-" + i, i, T0.plusMillis(i));
        }

        assertThat(ids.size()).isEqualTo(RecentReadingIds.MAX_IDS);
        assertThat(ids.recall("r-1", 1)).isEqualTo(UNKNOWN);
        assertThat(ids.recall("r-2", 2)).isEqualTo(SAME);
        assertThat(ids.recall("r-" + (RecentReadingIds.MAX_IDS + 1), RecentReadingIds.MAX_IDS + 1)).isEqualTo(SAME);
    }

    @Test
    void forgetsIdsReceivedLongerThanTheHorizonBeforeTheNewest() {
        ids.remember("r-1", 1, T0);
        ids.remember("r-2", 2, T0.plus(RecentReadingIds.HORIZON.dividedBy(2)));

        ids.remember("r-3", 3, T0.plus(RecentReadingIds.HORIZON).plusMillis(1));

        assertThat(ids.recall("r-1", 1)).isEqualTo(UNKNOWN);
        assertThat(ids.recall("r-2", 2)).isEqualTo(SAME);
    }

    @Test
    void recallsEveryIdItKeepsAndNoneItDroppedWhereverTheRingHasWrapped() {
        int remembered = RecentReadingIds.MAX_IDS + 300;
        for (int i = 0; i < remembered; i++) {
            ids.remember("r-" + i, i, T0.plusSeconds(i / 10));
        }
        int newest = remembered - 1;
        ids.remember("r-late", -1, T0.plusSeconds(newest / 10).plus(RecentReadingIds.HORIZON).minusSeconds(50));

        int firstKept = (newest / 10 - 50) * 10;
        assertThat(ids.size()).isEqualTo(remembered - firstKept + 1);
        for (int i = 0; i < remembered; i++) {
            assertThat(ids.recall("r-" + i, i)).as("r-" + i).isEqualTo(i < firstKept ? UNKNOWN : SAME);
        }
        assertThat(ids.recall("r-late", -1)).isEqualTo(SAME);
        assertThat(ids.recall("r-late", 0)).isEqualTo(DIFFERENT);
    }

    @Test
    void survivesASnapshotAsJsonInItsOrder() throws Exception {
        ObjectMapper json = new ObjectMapper();
        for (int i = 0; i < RecentReadingIds.MAX_IDS; i++) {
            ids.remember("r-" + i, -i, T0.plusMillis(i));
        }

        RecentReadingIds restored = json.readValue(json.writeValueAsString(ids), RecentReadingIds.class);
        restored.remember("r-new", 7, T0.plusSeconds(5));

        assertThat(restored.recall("r-0", 0)).as("the oldest is evicted first").isEqualTo(UNKNOWN);
        assertThat(restored.recall("r-1", -1)).isEqualTo(SAME);
        assertThat(restored.recall("r-1", 1)).isEqualTo(DIFFERENT);
        assertThat(restored.recall("r-new", 7)).isEqualTo(SAME);
    }

    @Test
    void aRingThatWrappedRoundItsBoundIsTheSameMemoryOnceRestoredFromJson() throws Exception {
        ObjectMapper json = new ObjectMapper();
        int remembered = RecentReadingIds.MAX_IDS * 2 + 123;
        for (int i = 0; i < remembered; i++) {
            ids.remember("r-" + i, i, T0.plusMillis(i));
        }

        RecentReadingIds restored = json.readValue(json.writeValueAsString(ids), RecentReadingIds.class);

        assertThat(restored).isEqualTo(ids);
        assertThat(restored.size()).isEqualTo(RecentReadingIds.MAX_IDS);
        assertThat(restored.recall("r-" + (remembered - RecentReadingIds.MAX_IDS - 1), 0)).isEqualTo(UNKNOWN);
        for (int i = remembered - RecentReadingIds.MAX_IDS; i < remembered; i++) {
            assertThat(restored.recall("r-" + i, i)).isEqualTo(SAME);
        }
        restored.remember("r-new", 7, T0.plusSeconds(5));
        ids.remember("r-new", 7, T0.plusSeconds(5));
        assertThat(restored).isEqualTo(ids);
    }

    @Test
    void aRestoredMemoryKeepsItsOrderForTheHorizon() throws Exception {
        ObjectMapper json = new ObjectMapper();
        for (int i = 0; i < 40; i++) {
            ids.remember("r-" + i, i, T0.plusSeconds(i));
        }
        RecentReadingIds restored = json.readValue(json.writeValueAsString(ids), RecentReadingIds.class);

        restored.remember("r-late", 99, T0.plus(RecentReadingIds.HORIZON).plusSeconds(20).plusMillis(1));

        assertThat(restored.size()).as("the 21 received more than the horizon before the newest are gone")
                .isEqualTo(40 - 21 + 1);
        assertThat(restored.recall("r-20", 20)).isEqualTo(UNKNOWN);
        assertThat(restored.recall("r-21", 21)).isEqualTo(SAME);
    }

    @Test
    void aFingerprintTellsEveryPartOfAReadingApart() {
        long reading = ReadingFingerprint.of("temperature", 21.5, "Cel", T0);

        assertThat(ReadingFingerprint.of("temperature", 21.5, "Cel", T0)).isEqualTo(reading);
        assertThat(ReadingFingerprint.of("humidity", 21.5, "Cel", T0)).isNotEqualTo(reading);
        assertThat(ReadingFingerprint.of("temperature", 21.6, "Cel", T0)).isNotEqualTo(reading);
        assertThat(ReadingFingerprint.of("temperature", 21.5, "K", T0)).isNotEqualTo(reading);
        assertThat(ReadingFingerprint.of("temperature", 21.5, null, T0)).isNotEqualTo(reading);
        assertThat(ReadingFingerprint.of("temperature", 21.5, "", T0)).isNotEqualTo(
                ReadingFingerprint.of("temperature", 21.5, null, T0));
        assertThat(ReadingFingerprint.of("temperature", 21.5, "Cel", T0.plusNanos(1))).isNotEqualTo(reading);
        assertThat(ReadingFingerprint.of("temperatureC", 21.5, "el", T0)).as("no field spills into the next")
                .isNotEqualTo(reading);
    }
}
