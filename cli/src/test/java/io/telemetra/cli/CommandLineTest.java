package io.telemetra.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code ./telemetra} without a running stack: its commands, exit codes and messages. */
class CommandLineTest {

    @TempDir
    Path home;

    private final Map<String, String> environment = new HashMap<>();

    record Result(int exitCode, String out, String err) {
    }

    @Test
    void helpListsTheCommandsThatExistAndOnlyThose() {
        Result help = run("help");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains(home.toString());
        CommandLine commandLine = Telemetra.commandLine(workspace());
        Set<String> visible = new TreeSet<>();
        commandLine.getSubcommands().forEach((name, sub) -> {
            if (!sub.getCommandSpec().usageMessage().hidden()) {
                visible.add(name);
            }
        });
        assertThat(listedCommands(help.out())).isEqualTo(visible);
        assertThat(visible).contains("up", "down", "status", "logs", "token", "simulate", "bench", "rebuild",
                "republish", "help");
        assertThat(run("--help").out()).isEqualTo(help.out());
    }

    /** picocli reads descriptions as format strings and warns on System.err about any it cannot format. */
    @Test
    void everyCommandsHelpRendersItsDescriptionsAsWritten() {
        PrintStream systemErr = System.err;
        ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
        try {
            for (String command : Telemetra.commandLine(workspace()).getSubcommands().keySet()) {
                Result help = run(command, "--help");

                assertThat(help.out()).as(command).doesNotContain("%n").doesNotContain("%%");
            }
        } finally {
            System.setErr(systemErr);
        }
        assertThat(warnings.toString(StandardCharsets.UTF_8)).isEmpty();
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

    @Test
    void anUnknownOrMissingCommandPrintsTheHelpAndExits2() {
        Result unknown = run("deploy");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown command 'deploy'", "usage: ./telemetra");

        Result none = run();
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("usage: ./telemetra");
    }

    @Test
    void statusAndDownWithoutAStackSaySoAndDownIsIdempotent() {
        Result status = run("status");
        assertThat(status.exitCode()).as("LSB: not running").isEqualTo(3);
        assertThat(status.out()).contains("not running");

        assertThat(run("down").out()).contains("not running");
        assertThat(run("down").exitCode()).isZero();
    }

    @Test
    void aPidFileLeftByADeadLauncherMeansNotRunningAndDownRemovesIt() throws Exception {
        Process finished = new ProcessBuilder("true").start();
        finished.waitFor();
        Files.writeString(home.resolve("telemetra.pid"), finished.pid() + "\ncommand-service " + finished.pid()
                + " 8081\n");

        assertThat(run("status").exitCode()).isEqualTo(3);
        assertThat(run("rebuild").err()).contains("Telemetra is not running from " + home);
        assertThat(run("down").exitCode()).isZero();
        assertThat(home.resolve("telemetra.pid")).doesNotExist();
    }

    @Test
    void simulateAndBenchWithoutAStackSayHowToStartOneAndExit3() {
        Result simulate = run("simulate", "--duration", "7d");

        assertThat(simulate.exitCode()).isEqualTo(3);
        assertThat(simulate.err()).contains("error: Telemetra is not running from " + home, "./telemetra up");
    }

    @Test
    void statusListsTheMqttBrokerTheLauncherRecorded() throws Exception {
        Process launcher = fakeLauncher();
        try (ServerSocket mqtt = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Files.writeString(home.resolve("telemetra.pid"), launcher.pid() + "\nmqtt " + launcher.pid() + " "
                    + mqtt.getLocalPort() + "\n");

            Result status = run("status");

            assertThat(status.out()).contains("Telemetra is running from " + home)
                    .containsPattern("(?m)^  mqtt +UP +localhost:" + mqtt.getLocalPort() + " +\\(pid " + launcher.pid()
                            + "\\)$");
        } finally {
            launcher.destroyForcibly().waitFor();
        }
    }

    @Test
    void theMqttPathNeedsAStackThatRunsAnMqttBroker() throws Exception {
        Process launcher = fakeLauncher();
        try {
            Files.writeString(home.resolve("telemetra.pid"), launcher.pid() + "\npostgres 1 15432\nkafka "
                    + launcher.pid() + " 19092\ncommand-service 2 8081\n");
            Files.writeString(home.resolve("jwt-secret"), "a-stack-secret-of-enough-length-0123456789");

            Result simulate = run("simulate", "--path", "mqtt");

            assertThat(simulate.exitCode()).isEqualTo(3);
            assertThat(simulate.err()).contains("runs no MQTT broker", "./telemetra down", "./telemetra up");
        } finally {
            launcher.destroyForcibly().waitFor();
        }
    }

    /** A live Java process standing in for a launcher, as the pid file's first line names one. */
    private Process fakeLauncher() throws Exception {
        Path source = home.resolve("Launcher.java");
        Files.writeString(source, "class Launcher { public static void main(String[] a) throws Exception { "
                + "Thread.sleep(300_000); } }");
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                source.toString()).redirectErrorStream(true).redirectOutput(home.resolve("launcher.out").toFile())
                .start();
    }

    @Test
    void logsShowsANamedLogAndRefusesUnknownNames() throws Exception {
        assertThat(run("logs").exitCode()).as("no logs yet").isEqualTo(1);

        Files.createDirectories(home.resolve("logs"));
        Files.writeString(home.resolve("logs/query-service.log"), "Started QueryServiceApplication\n");
        Result query = run("logs", "query");
        assertThat(query.exitCode()).isZero();
        assertThat(query.out()).contains("Started QueryServiceApplication");

        Files.writeString(home.resolve("logs/mqtt.log"), "a device refused: wrong topic\n");
        assertThat(run("logs", "mqtt").out()).contains("a device refused: wrong topic");

        Files.writeString(home.resolve("logs/kafka.log"), "KafkaServer started\n");
        assertThat(run("logs").out()).contains("==> " + home.resolve("logs/query-service.log") + " <==",
                "Started QueryServiceApplication", "KafkaServer started", "a device refused: wrong topic");

        Result unknown = run("logs", "mongodb");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("no log named 'mongodb'");
    }

    @Test
    void aTokenIsPrintedAloneOnItsLineWithTheRequestedRole() throws Exception {
        Result token = run("token", "--role", "auditor", "--ttl", "30m");

        assertThat(token.exitCode()).isZero();
        String[] lines = token.out().split("\n");
        assertThat(lines).hasSize(1);
        JsonNode claims = claims(lines[0]);
        assertThat(claims.get("roles").get(0).asText()).isEqualTo("auditor");
        assertThat(claims.get("exp").asLong() - claims.get("iat").asLong()).isEqualTo(1800);
        assertThat(token.err()).contains("token for cli-auditor, roles [auditor], valid 30m");
        assertThat(Files.readString(home.resolve("jwt-secret")).trim()).hasSizeGreaterThan(32);
    }

    @Test
    void aDeviceTokenNamesItsDeviceAndDefaultsToTheDeviceRole() throws Exception {
        Result token = run("token", "--device", "dev-1", "--ttl", "7d");

        JsonNode claims = claims(token.out().trim());
        assertThat(claims.get("device_id").asText()).isEqualTo("dev-1");
        assertThat(claims.get("sub").asText()).isEqualTo("dev-1");
        assertThat(claims.get("roles").get(0).asText()).isEqualTo("device");
        assertThat(claims.get("exp").asLong() - claims.get("iat").asLong()).isEqualTo(7 * 24 * 3600);
    }

    @Test
    void theSecretFromTheEnvironmentWinsAndNoFileIsWritten() {
        environment.put("TELEMETRA_JWT_SECRET", "an-environment-secret-of-enough-length-0123");

        assertThat(run("token").exitCode()).isZero();
        assertThat(home.resolve("jwt-secret")).doesNotExist();
    }

    @Test
    void badTokenOptionsAreRefusedWithUsage() {
        Result superuser = run("token", "--role", "superuser");
        assertThat(superuser.exitCode()).isEqualTo(2);
        assertThat(superuser.err()).contains("unknown role 'superuser'", "Usage: telemetra token");
        assertThat(superuser.out()).isEmpty();

        Result device = run("token", "--role", "device");
        assertThat(device.exitCode()).isEqualTo(2);
        assertThat(device.err()).contains("needs --device");

        Result ttl = run("token", "--ttl", "soon");
        assertThat(ttl.exitCode()).isEqualTo(2);
        assertThat(ttl.err()).contains("--ttl", "soon");
    }

    @Test
    void everySubcommandHasItsOwnHelp() {
        for (String command : new String[] {"up", "down", "status", "logs", "token", "simulate", "bench", "rebuild",
                "republish"}) {
            Result help = run(command, "--help");
            assertThat(help.exitCode()).as(command).isZero();
            assertThat(help.out()).as(command).contains("Usage: telemetra " + command);
        }
    }

    private Workspace workspace() {
        environment.putIfAbsent("TELEMETRA_HOME", home.toString());
        return new Workspace(home.resolve("repository"), environment);
    }

    private Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Telemetra.commandLine(workspace());
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new Result(exitCode, out.toString(), err.toString());
    }

    private static JsonNode claims(String token) throws Exception {
        return new ObjectMapper().readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
    }
}
