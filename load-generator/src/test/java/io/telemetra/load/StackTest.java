package io.telemetra.load;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StackTest {

    @Test
    void portsComeFromThePidFileLinesAfterTheLaunchersPid() {
        List<String> lines = List.of("4242", "postgres 4300 16432", "kafka 4242 20092",
                "command-service 4310 9081", "query-service 4311 9082", "half-written");

        assertThat(Stack.launcherPid(lines)).isEqualTo(4242);
        assertThat(Stack.ports(lines)).isEqualTo(Map.of("postgres", 16432, "kafka", 20092,
                "command-service", 9081, "query-service", 9082));
    }

    @Test
    void anEmptyOrForeignPidFileHasNoLauncher() {
        assertThat(Stack.launcherPid(List.of())).isEqualTo(-1);
        assertThat(Stack.launcherPid(List.of("not a pid"))).isEqualTo(-1);
        assertThat(Stack.ports(List.of())).isEmpty();
    }

    @Test
    void withoutARunningLauncherItSaysHowToStartOne(@TempDir Path home) throws Exception {
        assertThatThrownBy(() -> Stack.locate(home, Map.of()))
                .isInstanceOf(Stack.NotRunning.class).hasMessageContaining("./telemetra up");

        // a pid that cannot be running: the pid file of a launcher that was killed
        Files.writeString(home.resolve("telemetra.pid"), Long.MAX_VALUE / 2 + "\n");
        assertThatThrownBy(() -> Stack.locate(home, Map.of()))
                .isInstanceOf(Stack.NotRunning.class).hasMessageContaining("is not running");
    }

    @Test
    void aLauncherThatHasNotRecordedItsServicesYetIsStillStarting(@TempDir Path home) throws Exception {
        Files.writeString(home.resolve("telemetra.pid"), ProcessHandle.current().pid() + "\npostgres 1 15432\n");

        assertThatThrownBy(() -> Stack.locate(home, Map.of()))
                .isInstanceOf(Stack.NotRunning.class).hasMessageContaining("still starting");
    }

    @Test
    void theJdbcUrlBatchesInsertsLikeTheServices() {
        Stack stack = new Stack(Path.of("/tmp/home"), URI.create("http://localhost:8081"), 15432, 19092, "secret",
                11883);

        assertThat(stack.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:15432/telemetra?reWriteBatchedInserts=true");
        assertThat(stack.kafkaBootstrap()).isEqualTo("localhost:19092");
    }
}
