package io.telemetra.load;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RatePacerTest {

    private static final long START = 1_000_000_000L;
    private static final long MS = 1_000_000L;

    @Test
    void theFirstReadingIsDueAtTheStartAndNoneBefore() {
        RatePacer pacer = new RatePacer(10, START);

        assertThat(pacer.dueBy(START - 1)).isZero();
        assertThat(pacer.dueBy(START)).isEqualTo(1);
        assertThat(pacer.dueBy(START + 99 * MS)).isEqualTo(1);
        assertThat(pacer.dueBy(START + 100 * MS)).isEqualTo(2);
    }

    @Test
    void aSecondAtTheRateMakesTheRateDueWhateverWasSent() {
        RatePacer pacer = new RatePacer(5000, START);

        // the k-th reading at start + k/rate: 5000 of them in [start, start + 1 s)
        assertThat(pacer.dueBy(START + 1000 * MS - 1)).isEqualTo(5000);
        assertThat(pacer.dueBy(START + 10_000 * MS - 1)).isEqualTo(50_000);
    }

    @Test
    void scheduledTimesAreEvenlySpacedAndAgreeWithWhatIsDue() {
        RatePacer pacer = new RatePacer(3, START);

        assertThat(pacer.scheduledNanos(0)).isEqualTo(START);
        assertThat(pacer.scheduledNanos(3)).isEqualTo(START + 1000 * MS);
        for (long k = 0; k < 100; k++) {
            long at = pacer.scheduledNanos(k);
            assertThat(pacer.dueBy(at)).as("due at its own slot").isEqualTo(k + 1);
            assertThat(pacer.dueBy(at - 1)).as("not due before it").isEqualTo(k);
        }
    }

    @Test
    void fractionalRatesPaceSlowerThanOnePerSecond() {
        RatePacer pacer = new RatePacer(0.5, START);

        assertThat(pacer.dueBy(START + 1999 * MS)).isEqualTo(1);
        assertThat(pacer.dueBy(START + 2000 * MS)).isEqualTo(2);
    }

    @Test
    void refusesARateThatIsNotPositive() {
        assertThatThrownBy(() -> new RatePacer(0, START)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RatePacer(Double.NaN, START)).isInstanceOf(IllegalArgumentException.class);
    }
}
