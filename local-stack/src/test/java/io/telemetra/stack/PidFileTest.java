package io.telemetra.stack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PidFileTest {

    @TempDir
    Path home;

    @Test
    void the_launcher_comes_first_then_what_it_runs() throws Exception {
        PidFile pidFile = new PidFile(home.resolve("telemetra.pid"));
        pidFile.write(100, List.of(new PidFile.Entry("postgres", 101, 15432),
                new PidFile.Entry("command-service", 102, 8081)));

        assertThat(Files.readAllLines(pidFile.path()))
                .containsExactly("100", "postgres 101 15432", "command-service 102 8081");
        PidFile.Contents contents = pidFile.read().orElseThrow();
        assertThat(contents.launcherPid()).isEqualTo(100);
        assertThat(contents.entries()).containsExactly(new PidFile.Entry("postgres", 101, 15432),
                new PidFile.Entry("command-service", 102, 8081));
        assertThat(home).isDirectoryNotContaining("glob:**.tmp");
    }

    @Test
    void a_missing_or_garbled_file_reads_as_no_stack() throws Exception {
        PidFile pidFile = new PidFile(home.resolve("telemetra.pid"));
        assertThat(pidFile.read()).isEmpty();

        Files.writeString(pidFile.path(), "not a pid\n");
        assertThat(pidFile.read()).isEmpty();

        Files.writeString(pidFile.path(), "");
        assertThat(pidFile.read()).isEmpty();
    }

    @Test
    void delete_is_idempotent() throws Exception {
        PidFile pidFile = new PidFile(home.resolve("telemetra.pid"));
        pidFile.write(1, List.of());
        pidFile.delete();
        pidFile.delete();
        assertThat(pidFile.path()).doesNotExist();
    }
}
