package io.telemetra.stack;

import io.telemetra.testsupport.Preconditions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code ./telemetra} without a running stack: its commands, exit codes and messages. */
class CommandLineTest {

    private static final Path SCRIPT = Path.of(System.getProperty("telemetra.home", ".."))
            .toAbsolutePath().normalize().resolve("telemetra");

    @TempDir
    Path home;

    record Result(int exitCode, String out, String err) {
    }

    @BeforeAll
    static void needsBash() {
        Preconditions.require(Files.isExecutable(Path.of("/bin/bash")) || Files.isExecutable(Path.of("/usr/bin/bash")),
                "the command line is a bash script: bash is needed");
    }

    @Test
    void help_lists_the_commands_that_exist_and_only_those() throws Exception {
        Result help = run("help");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains(home.toString());
        assertThat(listedCommands(help.out())).containsExactlyInAnyOrderElementsOf(dispatchedCommands());
        assertThat(dispatchedCommands()).contains("up", "down", "status", "logs", "token");
    }

    /** The first word of each line of the help's command list. */
    private static Set<String> listedCommands(String help) {
        String commands = help.substring(help.indexOf("commands:"));
        commands = commands.substring(0, commands.indexOf("\n\n"));
        Set<String> names = new TreeSet<>();
        Matcher matcher = Pattern.compile("(?m)^  ([a-z]+)\\b").matcher(commands);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    /** The commands the script's dispatcher runs, read from the script itself. */
    private static Set<String> dispatchedCommands() throws IOException {
        Set<String> names = new TreeSet<>();
        Matcher matcher = Pattern.compile("(?m)^  ([a-z]+)(?: \\| [-a-z]+)*\\) ").matcher(Files.readString(SCRIPT));
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    @Test
    void an_unknown_or_missing_command_prints_the_help_and_exits_2() throws Exception {
        Result unknown = run("deploy");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown command 'deploy'", "usage: ./telemetra");

        Result none = run();
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("usage: ./telemetra");
    }

    @Test
    void status_and_down_without_a_stack_say_so_and_down_is_idempotent() throws Exception {
        Result status = run("status");
        assertThat(status.exitCode()).as("LSB: not running").isEqualTo(3);
        assertThat(status.out()).contains("not running");

        assertThat(run("down").out()).contains("not running");
        assertThat(run("down").exitCode()).isZero();
    }

    @Test
    void a_pid_file_left_by_a_dead_launcher_means_not_running_and_down_removes_it() throws Exception {
        Process finished = new ProcessBuilder("true").start();
        finished.waitFor();
        new PidFile(home.resolve("telemetra.pid")).write(finished.pid(), List.of());

        assertThat(run("status").exitCode()).isEqualTo(3);
        assertThat(run("down").exitCode()).isZero();
        assertThat(home.resolve("telemetra.pid")).doesNotExist();
    }

    @Test
    void logs_shows_a_named_log_and_refuses_unknown_names() throws Exception {
        assertThat(run("logs").exitCode()).as("no logs yet").isEqualTo(1);

        Files.createDirectories(home.resolve("logs"));
        Files.writeString(home.resolve("logs/query-service.log"), "Started QueryServiceApplication\n");
        Result query = run("logs", "query");
        assertThat(query.exitCode()).isZero();
        assertThat(query.out()).contains("Started QueryServiceApplication");

        Result unknown = run("logs", "mongodb");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("no log named 'mongodb'");
    }

    private Result run(String... args) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(SCRIPT.toString());
        builder.command().addAll(List.of(args));
        builder.environment().put("TELEMETRA_HOME", home.toString());
        Path out = Files.createTempFile(home, "out", ".txt");
        Path err = Files.createTempFile(home, "err", ".txt");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("./telemetra %s finishes", String.join(" ", args)).isTrue();
        Result result = new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        Files.delete(out);
        Files.delete(err);
        return result;
    }
}
