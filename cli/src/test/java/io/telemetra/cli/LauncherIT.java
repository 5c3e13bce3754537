package io.telemetra.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code ./telemetra} script at the repository root running the packaged command line, as people and scripts do. */
class LauncherIT {

    private static final Path SCRIPT = Path.of(System.getProperty(Workspace.REPOSITORY_PROPERTY, ".."))
            .toAbsolutePath().normalize().resolve("telemetra");

    @TempDir
    Path home;

    record Result(int exitCode, String out, String err) {
    }

    @Test
    void helpListsTheCommandsAndTheHome() throws Exception {
        Result help = run("help");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("usage: ./telemetra", "  up ", "  bench ", home.toString());
    }

    @Test
    void aTokenIsTheOnlyThingOnStandardOutputSoThatScriptsCanCaptureIt() throws Exception {
        Result token = run("token", "--role", "operator");

        assertThat(token.exitCode()).isZero();
        assertThat(token.out()).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\n");
        assertThat(token.err()).contains("token for cli-operator");
    }

    @Test
    void withoutAStackStatusExits3AndAnUnknownCommandExits2() throws Exception {
        assertThat(run("status").exitCode()).isEqualTo(3);

        Result unknown = run("deploy");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown command 'deploy'");
    }

    private Result run(String... args) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(SCRIPT.toString());
        builder.command().addAll(List.of(args));
        builder.environment().put("TELEMETRA_HOME", home.toString());
        Path out = Files.createTempFile(home, "out", ".txt");
        Path err = Files.createTempFile(home, "err", ".txt");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("./telemetra %s finishes", String.join(" ", args)).isTrue();
        Result result = new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        Files.delete(out);
        Files.delete(err);
        return result;
    }
}
