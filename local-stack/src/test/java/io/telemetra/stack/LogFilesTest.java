package io.telemetra.stack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class LogFilesTest {

    @TempDir
    Path dir;

    @Test
    void tail_returns_the_last_lines_of_a_file_larger_than_what_it_reads() throws Exception {
        Path log = dir.resolve("big.log");
        Files.writeString(log, IntStream.rangeClosed(1, 20_000).mapToObj(i -> "line " + i)
                .collect(Collectors.joining("\n", "", "\n")));

        assertThat(LogFiles.tail(log, 3)).containsExactly("line 19998", "line 19999", "line 20000");
    }

    @Test
    void tail_of_a_short_or_missing_file() throws Exception {
        Path log = dir.resolve("short.log");
        Files.writeString(log, "only\nthree\nlines");

        assertThat(LogFiles.tail(log, 10)).containsExactly("only", "three", "lines");
        assertThat(LogFiles.tail(dir.resolve("missing.log"), 10)).isEmpty();
        assertThat(LogFiles.indentedTail(dir.resolve("missing.log"), 10)).contains("missing.log is empty");
    }

    @Test
    void rotation_keeps_the_previous_run_and_starts_a_fresh_file() throws Exception {
        Path log = dir.resolve("query-service.log");
        Files.writeString(log, "run 1");
        LogFiles.rotate(log);
        Files.writeString(log, "run 2");
        LogFiles.rotate(log);

        assertThat(log).doesNotExist();
        assertThat(dir.resolve("query-service.log.1")).hasContent("run 2");
        LogFiles.rotate(log); // nothing to rotate
        assertThat(dir.resolve("query-service.log.1")).hasContent("run 2");
    }
}
