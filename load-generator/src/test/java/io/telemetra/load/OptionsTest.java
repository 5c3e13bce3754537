package io.telemetra.load;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OptionsTest {

    private static final Path HOME = Path.of(".telemetra");

    @Test
    void simulateDefaultsToTwentyThermostatsAtTenReadingsASecondForAMinuteOverRest() {
        SimulateOptions options = SimulateOptions.parse(HOME, List.of());

        assertThat(options.home()).isEqualTo(HOME);
        assertThat(options.devices()).isEqualTo(20);
        assertThat(options.rate()).isEqualTo(10.0);
        assertThat(options.duration()).contains(Duration.ofSeconds(60));
        assertThat(options.path()).isEqualTo(IngestPath.REST);
        assertThat(options.anomalies()).isFalse();
        assertThat(options.ack()).isTrue();
    }

    @Test
    void simulateTakesEveryOptionInBothSpellings() {
        SimulateOptions options = SimulateOptions.parse(HOME, List.of("--devices", "5", "--rate=600/m",
                "--duration", "forever", "--path=kafka", "--anomalies", "--no-ack", "--home", "/tmp/stack"));

        assertThat(options.devices()).isEqualTo(5);
        assertThat(options.rate()).isEqualTo(10.0);
        assertThat(options.duration()).isEqualTo(Optional.empty());
        assertThat(options.path()).isEqualTo(IngestPath.KAFKA);
        assertThat(options.anomalies()).isTrue();
        assertThat(options.ack()).isFalse();
        assertThat(options.home()).isEqualTo(Path.of("/tmp/stack"));
    }

    @Test
    void benchDefaultsToAThousandDevicesOverKafkaWithARamp() {
        BenchOptions options = BenchOptions.parse(HOME, List.of());

        assertThat(options.devices()).isEqualTo(1000);
        assertThat(options.rate()).isEmpty();
        assertThat(options.duration()).isEqualTo(Duration.ofSeconds(60));
        assertThat(options.warmup()).isEqualTo(Duration.ofSeconds(60));
        assertThat(options.path()).isEqualTo(IngestPath.KAFKA);
        assertThat(options.senders()).isEqualTo(8);
        assertThat(options.sampleEvery()).isEqualTo(50);
    }

    @Test
    void benchTakesRatesDurationsAndThePath() {
        BenchOptions options = BenchOptions.parse(HOME, List.of("--rate", "2500/s", "--duration", "2m",
                "--warmup", "0", "--path", "REST", "--senders", "4", "--sample-every", "10", "--devices", "50"));

        assertThat(options.rate()).hasValue(2500.0);
        assertThat(options.duration()).isEqualTo(Duration.ofMinutes(2));
        assertThat(options.warmup()).isZero();
        assertThat(options.path()).isEqualTo(IngestPath.REST);
        assertThat(options.senders()).isEqualTo(4);
        assertThat(options.sampleEvery()).isEqualTo(10);
        assertThat(options.devices()).isEqualTo(50);
    }

    @Test
    void durationsTakeMillisecondsSecondsMinutesHoursOrABareNumberOfSeconds() {
        assertThat(duration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(duration("90")).isEqualTo(Duration.ofSeconds(90));
        assertThat(duration("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(duration("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(duration("1H")).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void badValuesAreRefusedNamingTheOption() {
        assertThatThrownBy(() -> SimulateOptions.parse(HOME, List.of("--rate", "fast")))
                .hasMessageContaining("--rate");
        assertThatThrownBy(() -> SimulateOptions.parse(HOME, List.of("--rate", "0/s")))
                .hasMessageContaining("--rate");
        assertThatThrownBy(() -> SimulateOptions.parse(HOME, List.of("--devices", "-3")))
                .hasMessageContaining("--devices");
        assertThatThrownBy(() -> SimulateOptions.parse(HOME, List.of("--duration", "soon")))
                .hasMessageContaining("--duration");
        assertThatThrownBy(() -> SimulateOptions.parse(HOME, List.of("--duration", "0s")))
                .hasMessageContaining("--duration");
        assertThatThrownBy(() -> SimulateOptions.parse(HOME, List.of("--path", "amqp")))
                .hasMessageContaining("rest, kafka, mqtt");
        assertThatThrownBy(() -> BenchOptions.parse(HOME, List.of("--duration", "500ms")))
                .hasMessageContaining("at least 1s");
    }

    @Test
    void unknownOptionsMissingValuesAndStrayWordsAreRefused() {
        assertThatThrownBy(() -> BenchOptions.parse(HOME, List.of("--speed", "3")))
                .hasMessage("unknown option --speed");
        assertThatThrownBy(() -> BenchOptions.parse(HOME, List.of("--rate")))
                .hasMessage("--rate needs a value");
        assertThatThrownBy(() -> BenchOptions.parse(HOME, List.of("--rate", "--devices", "3")))
                .hasMessage("--rate needs a value");
        assertThatThrownBy(() -> BenchOptions.parse(HOME, List.of("fast")))
                .hasMessage("unexpected argument: fast");
        assertThatThrownBy(() -> SimulateOptions.parse(HOME, List.of("--anomalies=yes")))
                .hasMessage("--anomalies takes no value");
        assertThatThrownBy(() -> SimulateOptions.parse(HOME, List.of("--no-ack=true")))
                .hasMessage("--no-ack takes no value");
    }

    private static Duration duration(String text) {
        return BenchOptions.parse(HOME, List.of("--warmup", text)).warmup();
    }
}
