package io.telemetra.load;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class CpuAccountTest {

    /** Written by the busy loop, so that it cannot be optimised away. */
    private static volatile long sink;

    @TempDir
    Path home;

    @Test
    void eachRecordedProcessIsCountedUnderItsPartAndWhatIsNotRunningIsLeftOut() throws Exception {
        long self = ProcessHandle.current().pid();
        Files.writeString(home.resolve("telemetra.pid"), "999999999\ncommand-service " + self + " 8081\n"
                + "kafka " + self + " 19092\n");
        CpuAccount cpu = CpuAccount.of(home);

        CpuAccount.Snapshot before = cpu.snapshot();
        spin(Duration.ofMillis(300));
        CpuAccount.Usage usage = cpu.snapshot().since(before, 1_000);

        assertThat(usage.byPart()).containsOnlyKeys("command-service", "load generator");
        assertThat(usage.byPart().get("command-service")).isPositive();
        assertThat(usage.microsPerUnit("command-service")).isPositive();
    }

    @Test
    void withoutAPidFileOnlyTheLoadGeneratorIsCounted() {
        assertThat(CpuAccount.of(home).snapshot().used()).containsOnlyKeys("load generator");
    }

    /** Busy on this thread until it has used {@code cpu} of CPU time, however slow the machine. */
    private static void spin(Duration cpu) {
        long until = ProcessHandle.current().info().totalCpuDuration().orElseThrow().plus(cpu).toNanos();
        while (ProcessHandle.current().info().totalCpuDuration().orElseThrow().toNanos() < until) {
            for (int i = 0; i < 100_000; i++) {
                sink += i ^ sink;
            }
        }
    }
}
