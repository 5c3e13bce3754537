package io.telemetra.cli;

import io.telemetra.stack.LogFiles;
import io.telemetra.stack.StackConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code ./telemetra logs [name...] [-f]}: the last lines of the stack's logs, or follows them. */
@Command(name = "logs", description = "Show the logs of the services (every instance), Kafka, PostgreSQL and the MQTT "
        + "broker; -f follows them.")
final class LogsCommand implements Callable<Integer> {

    private static final List<String> ALL = List.of("command-service", "query-service", "projection-service", "kafka",
            "postgres", "mqtt");
    private static final int SHOWN_LINES = 200;
    private static final int FOLLOWED_LINES = 50;

    @ParentCommand
    Telemetra telemetra;

    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "This text.")
    boolean help;

    @Mixin
    HomeOption home;

    @Option(names = {"-f", "--follow"}, description = "Follow the logs as they grow (tail -F).")
    boolean follow;

    @Parameters(paramLabel = "NAME", description = "command, query, projection, kafka, postgres or mqtt (default: all).")
    List<String> names = new ArrayList<>();

    @Override
    public Integer call() throws IOException, InterruptedException {
        Path logs = home.resolve(telemetra.workspace()).resolve("logs");
        List<Path> files = new ArrayList<>();
        for (String name : names) {
            files.addAll(logFiles(logs, logName(name), true));
        }
        if (files.isEmpty()) {
            ALL.forEach(name -> files.addAll(logFiles(logs, name, false)));
        }
        if (files.isEmpty()) {
            throw CliException.die("no logs in " + logs + " yet: ./telemetra up writes them");
        }
        if (follow) {
            List<String> tail = new ArrayList<>(List.of("tail", "-n", String.valueOf(FOLLOWED_LINES), "-F"));
            files.forEach(file -> tail.add(file.toString()));
            return new ProcessBuilder(tail).inheritIO().start().waitFor();
        }
        PrintWriter out = spec.commandLine().getOut();
        for (Path file : files) {
            if (!Files.isRegularFile(file)) {
                throw CliException.die("no log at " + file + " yet");
            }
        }
        for (int i = 0; i < files.size(); i++) {
            if (files.size() > 1) {
                out.println((i > 0 ? "\n" : "") + "==> " + files.get(i) + " <==");
            }
            LogFiles.tail(files.get(i), SHOWN_LINES).forEach(out::println);
        }
        out.flush();
        return 0;
    }

    /**
     * The log of that name, then those of a service's further instances ({@code command-service-2.log}...).
     *
     * @param required whether the first one is listed even when it does not exist yet
     */
    private static List<Path> logFiles(Path logs, String name, boolean required) {
        List<Path> files = new ArrayList<>();
        Path first = logs.resolve(name + ".log");
        if (required || Files.isRegularFile(first)) {
            files.add(first);
        }
        for (int instance = 2; instance <= StackConfig.MAX_INSTANCES; instance++) {
            Path further = logs.resolve(name + "-" + instance + ".log");
            if (Files.isRegularFile(further)) {
                files.add(further);
            }
        }
        return files;
    }

    private static String logName(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "command", "command-service" -> "command-service";
            case "query", "query-service" -> "query-service";
            case "projection", "projection-service" -> "projection-service";
            case "kafka" -> "kafka";
            case "postgres", "postgresql" -> "postgres";
            case "mqtt" -> "mqtt";
            default -> throw new CliException("telemetra: no log named '" + name
                    + "': one of command, query, projection, kafka, postgres, mqtt", 2);
        };
    }
}
