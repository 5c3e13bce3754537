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
        PidFile pidFile = PidFile.in(home);
        pidFile.write(100, List.of(new PidFile.Entry("postgres", 101, 15432),
                new PidFile.Entry("command-service", 102, 8081)));

        assertThat(Files.readAllLines(pidFile.path()))
                .containsExactly("100", "postgres 101 15432", "command-service 102 8081");
        PidFile.Contents contents = pidFile.read().orElseThrow();
        assertThat(contents.launcherPid()).isEqualTo(100);
        assertThat(contents.entries()).containsExactly(new PidFile.Entry("postgres", 101, 15432),
                new PidFile.Entry("command-service", 102, 8081));
        assertThat(contents.entry("command-service")).map(PidFile.Entry::port).contains(8081);
        assertThat(pidFile.path()).isEqualTo(home.resolve("telemetra.pid"));
        assertThat(home).isDirectoryNotContaining("glob:**.tmp");
    }

    @Test
    void every_instance_of_a_service_has_a_line_of_its_own_the_first_first() throws Exception {
        PidFile pidFile = PidFile.in(home);
        pidFile.write(100, List.of(new PidFile.Entry("command-service", 102, 8081),
                new PidFile.Entry("command-service", 103, 8091)));

        assertThat(Files.readAllLines(pidFile.path()))
                .containsExactly("100", "command-service 102 8081", "command-service 103 8091");
        PidFile.Contents contents = pidFile.read().orElseThrow();
        assertThat(contents.entry("command-service")).map(PidFile.Entry::port).contains(8081);
        assertThat(contents.entries("command-service")).extracting(PidFile.Entry::port).containsExactly(8081, 8091);
    }

    @Test
    void a_missing_or_garbled_file_reads_as_no_stack() throws Exception {
        PidFile pidFile = PidFile.in(home);
        assertThat(pidFile.read()).isEmpty();

        Files.writeString(pidFile.path(), "not a pid\n");
        assertThat(pidFile.read()).isEmpty();

        Files.writeString(pidFile.path(), "");
        assertThat(pidFile.read()).isEmpty();
    }

    @Test
    void a_half_written_line_is_skipped() throws Exception {
        PidFile pidFile = PidFile.in(home);
        Files.writeString(pidFile.path(), "4242\npostgres 4300 16432\nkafka 4242 20092\nhalf-written\n");

        assertThat(pidFile.read().orElseThrow().entries()).containsExactly(new PidFile.Entry("postgres", 4300, 16432),
                new PidFile.Entry("kafka", 4242, 20092));
    }

    @Test
    void a_launcher_that_is_gone_or_not_java_is_not_running() throws Exception {
        PidFile pidFile = PidFile.in(home);
        Process finished = new ProcessBuilder("true").start();
        finished.waitFor();
        pidFile.write(finished.pid(), List.of());
        assertThat(pidFile.runningLauncher()).isEmpty();

        pidFile.write(Long.MAX_VALUE / 2, List.of());
        assertThat(pidFile.runningLauncher()).isEmpty();

        Process sleeping = new ProcessBuilder("sleep", "30").start();
        try {
            pidFile.write(sleeping.pid(), List.of());
            assertThat(pidFile.runningLauncher()).as("a recycled pid running something else").isEmpty();
        } finally {
            sleeping.destroyForcibly();
        }
    }

    @Test
    void delete_is_idempotent() throws Exception {
        PidFile pidFile = PidFile.in(home);
        pidFile.write(1, List.of());
        pidFile.delete();
        pidFile.delete();
        assertThat(pidFile.path()).doesNotExist();
    }
}
