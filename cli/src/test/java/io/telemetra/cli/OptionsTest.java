package io.telemetra.cli;

import io.telemetra.load.BenchOptions;
import io.telemetra.load.IngestPath;
import io.telemetra.load.SimulateOptions;
import io.telemetra.stack.Service;
import io.telemetra.stack.StackConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every subcommand's options, read by one library with one way of reading durations, rates and ports. */
class OptionsTest {

    private static final Path REPOSITORY = Path.of("/src/telemetra");
    private static final Path CWD = Path.of("").toAbsolutePath();

    @Test
    void simulateDefaultsToTwentyThermostatsAtTenReadingsASecondForAMinuteOverRest() {
        SimulateOptions options = simulate().options();

        assertThat(options.devices()).isEqualTo(20);
        assertThat(options.rate()).isEqualTo(10.0);
        assertThat(options.duration()).contains(Duration.ofSeconds(60));
        assertThat(options.path()).isEqualTo(IngestPath.REST);
        assertThat(options.anomalies()).isFalse();
        assertThat(options.ack()).isTrue();
    }

    @Test
    void simulateTakesEveryOptionInBothSpellings() {
        SimulateCommand command = simulate("--devices", "5", "--rate=600/m", "--duration", "forever", "--path=kafka",
                "--anomalies", "--no-ack", "--home", "/tmp/stack");
        SimulateOptions options = command.options();

        assertThat(options.devices()).isEqualTo(5);
        assertThat(options.rate()).isEqualTo(10.0);
        assertThat(options.duration()).isEqualTo(Optional.empty());
        assertThat(options.path()).isEqualTo(IngestPath.KAFKA);
        assertThat(options.anomalies()).isTrue();
        assertThat(options.ack()).isFalse();
        assertThat(command.home.resolve(workspace())).isEqualTo(Path.of("/tmp/stack"));
    }

    @Test
    void simulateAndBenchTakeTheMqttPath() {
        assertThat(simulate("--path", "mqtt").options().path()).isEqualTo(IngestPath.MQTT);
        assertThat(bench("--path=MQTT").options().path()).isEqualTo(IngestPath.MQTT);
    }

    @Test
    void benchDefaultsToAThousandDevicesOverKafkaWithARamp() {
        BenchOptions options = bench().options();

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
        BenchOptions options = bench("--rate", "2500/s", "--duration", "2m", "--warmup", "0", "--path", "REST",
                "--senders", "4", "--sample-every", "10", "--devices", "50").options();

        assertThat(options.rate()).hasValue(2500.0);
        assertThat(options.duration()).isEqualTo(Duration.ofMinutes(2));
        assertThat(options.warmup()).isZero();
        assertThat(options.path()).isEqualTo(IngestPath.REST);
        assertThat(options.senders()).isEqualTo(4);
        assertThat(options.sampleEvery()).isEqualTo(10);
        assertThat(options.devices()).isEqualTo(50);
    }

    @Test
    void everyDurationOptionReadsTheSameSpellings() {
        assertThat(bench("--warmup", "500ms").warmup).isEqualTo(Duration.ofMillis(500));
        assertThat(bench("--warmup", "90").warmup).isEqualTo(Duration.ofSeconds(90));
        assertThat(bench("--warmup", "90s").warmup).isEqualTo(Duration.ofSeconds(90));
        assertThat(bench("--warmup", "5m").warmup).isEqualTo(Duration.ofMinutes(5));
        assertThat(bench("--warmup", "1H").warmup).isEqualTo(Duration.ofHours(1));
        assertThat(bench("--duration", "7d").duration).isEqualTo(Duration.ofDays(7));
        assertThat(simulate("--duration", "7d").options().duration()).contains(Duration.ofDays(7));
        assertThat(token("--ttl", "7d").ttl).isEqualTo(Duration.ofDays(7));
        assertThat(token("--ttl", "90").ttl).isEqualTo(Duration.ofSeconds(90));
        assertThat(up("--startup-timeout", "42").config().startupTimeout()).isEqualTo(Duration.ofSeconds(42));
        assertThat(up("--startup-timeout", "2m").config().startupTimeout()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void badValuesAreRefusedNamingTheOption() {
        assertRefused(() -> simulate("--rate", "fast"), "--rate");
        assertRefused(() -> simulate("--rate", "0/s"), "--rate");
        assertRefused(() -> simulate("--devices", "-3"), "--devices");
        assertRefused(() -> simulate("--duration", "soon"), "--duration");
        assertRefused(() -> simulate("--duration", "0s").options(), "--duration");
        assertRefused(() -> simulate("--path", "amqp"), "amqp");
        assertRefused(() -> bench("--path", "amqp"), "amqp");
        assertRefused(() -> bench("--duration", "500ms").options(), "at least 1s");
        assertRefused(() -> up("--query-port", "eighty"), "--query-port");
        assertRefused(() -> up("--query-port", "70000"), "port number");
        assertRefused(() -> up("--mqtt-port", "0"), "--mqtt-port");
    }

    @Test
    void unknownOptionsMissingValuesAndStrayWordsAreRefused() {
        assertRefused(() -> bench("--speed", "3"), "--speed");
        assertRefused(() -> bench("--rate"), "--rate");
        assertRefused(() -> bench("fast"), "fast");
        assertRefused(() -> simulate("--anomalies=yes"), "--anomalies");
        assertRefused(() -> up("up"), "up");
    }

    @Test
    void upWithoutOptionsRunsTheStandardPortsFromTheRepository() {
        StackConfig config = up().config();

        assertThat(config.home()).isEqualTo(REPOSITORY.resolve(".telemetra"));
        assertThat(config.postgresPort()).isEqualTo(15432);
        assertThat(config.kafkaPort()).isEqualTo(19092);
        assertThat(config.kafkaControllerPort()).isEqualTo(19093);
        assertThat(config.mqttPort()).isEqualTo(11883);
        assertThat(config.port(Service.COMMAND)).isEqualTo(8081);
        assertThat(config.jar(Service.QUERY)).isEqualTo(REPOSITORY.resolve("query-service/target/query-service.jar"));
        assertThat(config.startupTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.serviceJvmOptions()).isEmpty();
    }

    @Test
    void upTakesSeparateOrAttachedValuesAndTheLastOfRepeatedOnesWins() {
        StackConfig config = up("--home", "/data/t", "--repository=/src/other", "--postgres-port", "25432",
                "--kafka-port=29092", "--mqtt-port", "21883", "--command-port", "9081", "--query-port=9082",
                "--projection-port", "9083",
                "--service-jvm-options", " -Xmx1g  -Dx=y ", "--home", "/data/u").config();

        assertThat(config.home()).isEqualTo(Path.of("/data/u"));
        assertThat(config.postgresPort()).isEqualTo(25432);
        assertThat(config.kafkaPort()).isEqualTo(29092);
        assertThat(config.kafkaControllerPort()).as("next to the broker port").isEqualTo(29093);
        assertThat(config.mqttPort()).isEqualTo(21883);
        assertThat(config.port(Service.COMMAND)).isEqualTo(9081);
        assertThat(config.port(Service.QUERY)).isEqualTo(9082);
        assertThat(config.port(Service.PROJECTION)).isEqualTo(9083);
        assertThat(config.jar(Service.COMMAND)).isEqualTo(Path.of("/src/other/command-service/target/command-service.jar"));
        assertThat(config.serviceJvmOptions()).containsExactly("-Xmx1g", "-Dx=y");
    }

    @Test
    void upRunsSeveralInstancesOfEachServiceTheFirstOnThePortsGiven() {
        StackConfig config = up("--instances", "2", "--command-port", "9081").config();

        assertThat(config.instances()).isEqualTo(2);
        assertThat(config.port(Service.COMMAND, 0)).isEqualTo(9081);
        assertThat(config.port(Service.COMMAND, 1)).isEqualTo(9091);
        assertThat(config.port(Service.PROJECTION, 1)).isEqualTo(8093);
        assertThat(up().config().instances()).isEqualTo(1);
        assertRefused(() -> up("--instances", "0"), "--instances");
        assertRefused(() -> up("--instances", "10").config(), "1 to 9");
        assertRefused(() -> up("--instances", "2", "--query-port", "8091").config(), "ports must differ");
        assertThat(bench("--instances", "2").instances).isEqualTo(2);
    }

    @Test
    void upResolvesRelativePathsAgainstTheWorkingDirectoryAndRefusesSharedPorts() {
        StackConfig config = up("--projection-jar", "build/p.jar", "--kafka-controller-port", "7000", "--home",
                "data").config();

        assertThat(config.jar(Service.PROJECTION)).isEqualTo(CWD.resolve("build/p.jar"));
        assertThat(config.kafkaControllerPort()).isEqualTo(7000);
        assertThat(config.home()).isEqualTo(CWD.resolve("data"));
        assertRefused(() -> up("--query-port", "8081").config(), "ports must differ");
        assertRefused(() -> up("--mqtt-port", "19092").config(), "ports must differ");
    }

    @Test
    void theBenchStartsItsOwnStackOnTheDefaultPortsOrOnAllOfThemShiftedBy1000() {
        assertThat(BenchCommand.ports(1, port -> false)).isEmpty();

        List<String> shifted = BenchCommand.ports(1, port -> port == 11883);
        assertThat(shifted).containsExactly("--command-port", "9081", "--query-port", "9082", "--projection-port",
                "9083", "--postgres-port", "16432", "--kafka-port", "20092", "--mqtt-port", "12883");
        StackConfig config = up(shifted.toArray(String[]::new)).config();
        StackConfig standard = up().config();
        assertThat(ports(config)).as("every port of the stack moves")
                .containsExactlyElementsOf(ports(standard).stream().map(port -> port + 1000).toList());

        assertRefused(() -> BenchCommand.ports(1, port -> port == 8081 || port == 12883), "shifted by 1000");
    }

    private static List<Integer> ports(StackConfig config) {
        return List.of(config.postgresPort(), config.kafkaPort(), config.kafkaControllerPort(), config.mqttPort(),
                config.port(Service.COMMAND), config.port(Service.QUERY), config.port(Service.PROJECTION));
    }

    private static Workspace workspace() {
        return new Workspace(REPOSITORY, Map.of());
    }

    private static <T> T parse(String command, Class<T> type, String... args) {
        CommandLine commandLine = Telemetra.commandLine(workspace());
        String[] all = new String[args.length + 1];
        all[0] = command;
        System.arraycopy(args, 0, all, 1, args.length);
        CommandLine.ParseResult result = commandLine.parseArgs(all);
        return type.cast(result.subcommand().commandSpec().userObject());
    }

    private static SimulateCommand simulate(String... args) {
        return parse("simulate", SimulateCommand.class, args);
    }

    private static BenchCommand bench(String... args) {
        return parse("bench", BenchCommand.class, args);
    }

    private static TokenCommand token(String... args) {
        return parse("token", TokenCommand.class, args);
    }

    private static UpCommand up(String... args) {
        return parse("up", UpCommand.class, args);
    }

    private static void assertRefused(Runnable parse, String naming) {
        assertThatThrownBy(parse::run).satisfiesAnyOf(
                e -> assertThat(e).isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining(naming),
                e -> assertThat(e).isInstanceOf(CliException.class).hasMessageContaining(naming));
    }
}
