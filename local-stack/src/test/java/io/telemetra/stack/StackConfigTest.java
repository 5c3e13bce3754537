package io.telemetra.stack;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

class StackConfigTest {

    private static final Path CWD = Path.of("").toAbsolutePath();

    @Test
    void without_flags_it_uses_the_standard_ports_and_the_current_directory() {
        StackConfig config = StackConfig.parse();

        assertThat(config.home()).isEqualTo(CWD.resolve(".telemetra"));
        assertThat(config.postgresPort()).isEqualTo(15432);
        assertThat(config.kafkaPort()).isEqualTo(19092);
        assertThat(config.kafkaControllerPort()).isEqualTo(19093);
        assertThat(config.port(Service.COMMAND)).isEqualTo(8081);
        assertThat(config.port(Service.QUERY)).isEqualTo(8082);
        assertThat(config.port(Service.PROJECTION)).isEqualTo(8083);
        assertThat(config.jar(Service.QUERY)).isEqualTo(CWD.resolve("query-service/target/query-service.jar"));
        assertThat(config.startupTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.serviceJvmOptions()).isEmpty();
    }

    @Test
    void flags_take_a_separate_or_an_attached_value() {
        StackConfig config = StackConfig.parse("--home", "/data/t", "--repository=/src/telemetra",
                "--postgres-port", "25432", "--kafka-port=29092", "--command-port", "9081", "--query-port=9082",
                "--projection-port", "9083", "--startup-timeout", "42", "--service-jvm-options", " -Xmx1g  -Dx=y ");

        assertThat(config.home()).isEqualTo(Path.of("/data/t"));
        assertThat(config.postgresPort()).isEqualTo(25432);
        assertThat(config.kafkaPort()).isEqualTo(29092);
        assertThat(config.kafkaControllerPort()).as("next to the broker port").isEqualTo(29093);
        assertThat(config.port(Service.COMMAND)).isEqualTo(9081);
        assertThat(config.port(Service.QUERY)).isEqualTo(9082);
        assertThat(config.port(Service.PROJECTION)).isEqualTo(9083);
        assertThat(config.jar(Service.COMMAND)).isEqualTo(Path.of("/src/telemetra/command-service/target/command-service.jar"));
        assertThat(config.startupTimeout()).isEqualTo(Duration.ofSeconds(42));
        assertThat(config.serviceJvmOptions()).containsExactly("-Xmx1g", "-Dx=y");
    }

    @Test
    void a_jar_and_the_controller_port_can_be_set_on_their_own_and_relative_paths_resolve_against_the_cwd() {
        StackConfig config = StackConfig.parse("--projection-jar", "build/p.jar", "--kafka-controller-port", "7000",
                "--home", "data");

        assertThat(config.jar(Service.PROJECTION)).isEqualTo(CWD.resolve("build/p.jar"));
        assertThat(config.jar(Service.COMMAND)).isEqualTo(CWD.resolve("command-service/target/command-service.jar"));
        assertThat(config.kafkaControllerPort()).isEqualTo(7000);
        assertThat(config.home()).isEqualTo(CWD.resolve("data"));
    }

    @Test
    void the_last_of_repeated_flags_wins() {
        assertThat(StackConfig.parse("--home", "/a", "--home", "/b").home()).isEqualTo(Path.of("/b"));
    }

    @Test
    void unknown_flags_and_bad_values_are_refused_with_a_message_naming_them() {
        assertThatThrownBy(() -> StackConfig.parse("--colour", "blue"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("unknown option --colour");
        assertThatThrownBy(() -> StackConfig.parse("up"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("unexpected argument: up");
        assertThatThrownBy(() -> StackConfig.parse("--kafka-port"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--kafka-port needs a value");
        assertThatThrownBy(() -> StackConfig.parse("--query-port", "eighty"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--query-port").hasMessageContaining("eighty");
        assertThatThrownBy(() -> StackConfig.parse("--query-port", "70000"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port number");
        assertThatThrownBy(() -> StackConfig.parse("--startup-timeout", "0"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
    }

    @Test
    void two_servers_on_one_port_are_refused() {
        assertThatThrownBy(() -> StackConfig.parse("--query-port", "8081"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ports must differ");
        assertThatThrownBy(() -> StackConfig.parse("--postgres-port", "19093"))
                .as("the controller port counts too").isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void the_builder_gives_tests_their_own_ports_and_home() {
        StackConfig config = StackConfig.builder(Path.of("/tmp/h"), Path.of("/repo"))
                .postgresPort(1).kafkaPort(2).kafkaControllerPort(3).mqttPort(7)
                .servicePort(Service.COMMAND, 4).servicePort(Service.QUERY, 5).servicePort(Service.PROJECTION, 6)
                .serviceJvmOptions(List.of("-Xmx256m"))
                .build();

        assertThat(config.namedPorts()).containsExactly(
                entry("postgres", 1),
                entry("kafka", 2),
                entry("kafka controller", 3),
                entry("mqtt", 7),
                entry("command-service", 4),
                entry("query-service", 5),
                entry("projection-service", 6));
        assertThat(config.pidFile()).isEqualTo(Path.of("/tmp/h/telemetra.pid"));
        assertThat(config.logs()).isEqualTo(Path.of("/tmp/h/logs"));
        assertThat(config.postgresData()).isEqualTo(Path.of("/tmp/h/postgres"));
        assertThat(config.kafkaData()).isEqualTo(Path.of("/tmp/h/kafka"));
        assertThat(config.mqttData()).isEqualTo(Path.of("/tmp/h/mqtt"));
        assertThat(config.mqttBridgePasswordFile()).isEqualTo(Path.of("/tmp/h/mqtt-bridge-password"));
    }
}
