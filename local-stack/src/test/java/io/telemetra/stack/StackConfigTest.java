package io.telemetra.stack;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

class StackConfigTest {

    @Test
    void without_settings_it_uses_the_standard_ports_and_jars_in_the_repository() {
        StackConfig config = StackConfig.builder(Path.of("/tmp/h"), Path.of("/repo")).build();

        assertThat(config.postgresPort()).isEqualTo(15432);
        assertThat(config.kafkaPort()).isEqualTo(19092);
        assertThat(config.kafkaControllerPort()).as("next to the broker port").isEqualTo(19093);
        assertThat(config.mqttPort()).isEqualTo(11883);
        assertThat(config.port(Service.COMMAND)).isEqualTo(8081);
        assertThat(config.port(Service.QUERY)).isEqualTo(8082);
        assertThat(config.port(Service.PROJECTION)).isEqualTo(8083);
        assertThat(config.jar(Service.QUERY)).isEqualTo(Path.of("/repo/query-service/target/query-service.jar"));
        assertThat(config.startupTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.serviceJvmOptions()).isEmpty();
    }

    @Test
    void two_servers_on_one_port_are_refused() {
        assertThatThrownBy(() -> StackConfig.builder(Path.of("/tmp/h"), Path.of("/repo"))
                .servicePort(Service.QUERY, 8081).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ports must differ");
        assertThatThrownBy(() -> StackConfig.builder(Path.of("/tmp/h"), Path.of("/repo")).postgresPort(19093).build())
                .as("the controller port counts too").isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void further_instances_listen_ten_ports_above_the_first_and_log_to_their_own_files() {
        StackConfig config = StackConfig.builder(Path.of("/tmp/h"), Path.of("/repo")).instances(2)
                .servicePort(Service.QUERY, 9082).build();

        assertThat(config.instances()).isEqualTo(2);
        assertThat(config.port(Service.COMMAND)).isEqualTo(8081);
        assertThat(config.port(Service.COMMAND, 1)).isEqualTo(8091);
        assertThat(config.port(Service.QUERY, 1)).isEqualTo(9092);
        assertThat(config.namedPorts()).containsEntry("command-service #2", 8091)
                .containsEntry("projection-service #2", 8093);
        assertThat(config.log(Service.COMMAND, 0)).isEqualTo(Path.of("/tmp/h/logs/command-service.log"));
        assertThat(config.log(Service.COMMAND, 1)).isEqualTo(Path.of("/tmp/h/logs/command-service-2.log"));
    }

    @Test
    void instances_may_be_given_every_port_and_must_not_collide() {
        StackConfig config = StackConfig.builder(Path.of("/tmp/h"), Path.of("/repo")).instances(2)
                .instancePorts(Service.COMMAND, List.of(7001, 7002)).build();
        assertThat(config.port(Service.COMMAND, 1)).isEqualTo(7002);

        assertThatThrownBy(() -> StackConfig.builder(Path.of("/tmp/h"), Path.of("/repo")).instances(2)
                .servicePort(Service.QUERY, 8091).build())
                .as("the second command-service's default port").isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ports must differ");
        assertThatThrownBy(() -> StackConfig.builder(Path.of("/tmp/h"), Path.of("/repo")).instances(0).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StackConfig.builder(Path.of("/tmp/h"), Path.of("/repo")).instances(2)
                .servicePort(Service.COMMAND, 65530).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("65535");
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
