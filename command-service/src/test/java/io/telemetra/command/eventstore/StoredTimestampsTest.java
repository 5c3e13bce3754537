package io.telemetra.command.eventstore;

import org.axonframework.common.DateTimeUtils;
import org.junit.jupiter.api.Test;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StoredTimestampsTest {

    @Test
    void readsWhatAxonWritesAsAxonReadsIt() {
        Random random = new Random(17);
        for (int i = 0; i < 100_000; i++) {
            Instant instant = Instant.ofEpochMilli(random.nextLong(-62_000_000_000_000L, 253_000_000_000_000L));
            String stored = DateTimeUtils.formatInstant(instant);

            assertThat(StoredTimestamps.parse(stored)).as(stored).isEqualTo(instant)
                    .isEqualTo(DateTimeUtils.parseInstant(stored));
        }
    }

    @Test
    void leavesEveryOtherFormToAxonsParser() {
        for (String other : new String[]{"2026-11-30T06:00:00Z", "2026-11-30T06:00:00.123456Z",
                "2026-11-30T07:00:00.123+01:00", "2026-11-30t06:00:00.123z", "+12026-11-30T06:00:00.123Z"}) {
            assertThat(StoredTimestamps.parse(other)).as(other).isEqualTo(DateTimeUtils.parseInstant(other));
        }
    }

    @Test
    void refusesWhatAxonsParserRefuses() {
        for (String invalid : new String[]{"2026-02-30T06:00:00.123Z", "2026-11-30T24:00:00.123Z",
                "2026-11-30T06:60:00.123Z", "2026-13-01T06:00:00.123Z", "2026-11-30 06:00:00.123Z"}) {
            assertThatThrownBy(() -> StoredTimestamps.parse(invalid)).as(invalid).isInstanceOf(DateTimeException.class);
            assertThatThrownBy(() -> DateTimeUtils.parseInstant(invalid)).isInstanceOf(DateTimeException.class);
        }
    }
}
