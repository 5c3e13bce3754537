package io.telemetra.load;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class CpuAccountTest {

    /** Written by the busy loop, so that it cannot be optimised away. */
    private static volatile long sink;

    @Test
    void eachRecordedProcessIsCountedUnderItsPartAndWhatIsNotRunningIsLeftOut() throws Exception {
        long self = ProcessHandle.current().pid();
        CpuAccount cpu = CpuAccount.of(stack(Map.of("launcher", List.of(999_999_999L),
                "command-service", List.of(self, 999_999_998L), "kafka", List.of(self))));

        CpuAccount.Snapshot before = cpu.snapshot();
        spin(Duration.ofMillis(300));
        CpuAccount.Usage usage = cpu.snapshot().since(before, 1_000);

        assertThat(usage.byPart()).containsOnlyKeys("command-service", "load generator");
        assertThat(usage.byPart().get("command-service")).isPositive();
        assertThat(usage.microsPerUnit("command-service")).isPositive();
    }

    @Test
    void withoutRecordedProcessesOnlyTheLoadGeneratorIsCounted() {
        assertThat(CpuAccount.of(stack(Map.of())).snapshot().used()).containsOnlyKeys("load generator");
    }

    @Test
    void theCpuOfChildrenThatExitedIsCountedWhereLinuxKeepsIt() throws Exception {
        assumeTrue(Files.exists(Path.of("/proc/self/stat")), "Linux only");
        long self = ProcessHandle.current().pid();
        Duration before = CpuAccount.reapedChildrenCpu(self).orElseThrow();

        Process child = new ProcessBuilder("sh", "-c", "i=0; while [ $i -lt 400000 ]; do i=$((i+1)); done").start();
        assertThat(child.waitFor()).isZero();

        assertThat(CpuAccount.reapedChildrenCpu(self).orElseThrow()).isGreaterThan(before);
        assertThat(CpuAccount.reapedChildrenCpu(999_999_999L)).isEmpty();
    }

    private static Stack stack(Map<String, List<Long>> processes) {
        return new Stack(Path.of("/tmp/home"), List.of(URI.create("http://localhost:8081")), 15432, 19092,
                OptionalInt.of(11883), "secret", processes);
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
