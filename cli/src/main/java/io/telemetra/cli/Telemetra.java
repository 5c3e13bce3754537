package io.telemetra.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * {@code ./telemetra}: the whole platform on this machine without Docker. The script at the repository root finds
 * Java, builds what is stale and runs this; every subcommand's options are read by picocli, durations, rates and
 * ports the same way everywhere ({@link Values}).
 */
@Command(name = "telemetra", subcommands = {UpCommand.class, DownCommand.class, StatusCommand.class,
        LogsCommand.class, TokenCommand.class, SimulateCommand.class, BenchCommand.class, RebuildCommand.class,
        RepublishCommand.class, Telemetra.HelpCommand.class, RunningCommand.class})
public final class Telemetra implements Callable<Integer> {

    private final Workspace workspace;

    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, description = "The list of commands.")
    boolean help;

    Telemetra(Workspace workspace) {
        this.workspace = workspace;
    }

    public static void main(String[] args) {
        System.exit(commandLine(Workspace.ofThisProcess()).execute(args));
    }

    /** The command line with its error handling: exit code 2 for bad usage, 1 for a failure. */
    static CommandLine commandLine(Workspace workspace) {
        CommandLine commandLine = new CommandLine(new Telemetra(workspace));
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setOverwrittenOptionsAllowed(true);
        commandLine.setParameterExceptionHandler((e, args) -> {
            CommandLine failed = e.getCommandLine();
            PrintWriter err = failed.getErr();
            if (failed.getCommand() instanceof Telemetra telemetra) {
                err.println(e instanceof CommandLine.UnmatchedArgumentException unmatched
                        && !unmatched.getUnmatched().isEmpty()
                        ? "telemetra: unknown command '" + unmatched.getUnmatched().get(0) + "'"
                        : "telemetra: " + e.getMessage());
                err.print(telemetra.usage());
            } else {
                err.println("error: " + e.getMessage());
                failed.usage(err);
            }
            err.flush();
            return 2;
        });
        commandLine.setExecutionExceptionHandler((e, failed, parseResult) -> {
            PrintWriter err = failed.getErr();
            if (e instanceof CliException cli) {
                err.println(cli.getMessage());
                err.flush();
                return cli.exitCode();
            }
            StringBuilder message = new StringBuilder("telemetra: ").append(e);
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                message.append(System.lineSeparator()).append("  caused by: ").append(cause);
            }
            err.println(message);
            err.flush();
            return 1;
        });
        return commandLine;
    }

    /** Without a command: the overview, on stderr with exit code 2 unless it was asked for. */
    @Override
    public Integer call() {
        PrintWriter to = help ? spec.commandLine().getOut() : spec.commandLine().getErr();
        to.print(usage());
        to.flush();
        return help ? 0 : 2;
    }

    Workspace workspace() {
        return workspace;
    }

    String usage() {
        return """
                usage: ./telemetra <command> [options]    (./telemetra <command> --help for its options)

                commands:
                  up [options]         build what is missing or stale, then run the whole platform in the foreground:
                                       embedded PostgreSQL, Kafka, an MQTT broker, command-, query- and projection-service.
                                       Ctrl-C stops it.
                                       Options: ports, --startup-timeout ... (up --help)
                  down                 stop the running platform, from any shell, and wait until it is gone
                  status               what runs, and which services answer their health check
                  logs [name...] [-f]  show the logs (command, query, projection, kafka, postgres, mqtt; default all); -f
                                       follows
                  token [options]      print a bearer token signed with this stack's secret, alone on its own line:
                                       --role operator|auditor|admin|device, --device ID, --subject NAME, --ttl 8h
                  simulate [options]   simulated thermostats streaming readings into the running stack, with progress:
                                       --devices 20 --rate 10/s --duration 60s|forever --path rest|kafka|mqtt --anomalies
                                       --no-ack;
                                       sets each device's rules and answers its commands unless --no-ack
                  bench [options]      the ingestion benchmark; ends with: ratio <x> platform <n>/s raw <m>/s p99-visibility <t>ms
                                       e2e <e>/s cpu <c>us half-load-p99 <h>ms half-load-cpu <k>us
                                       --devices 1000 --rate N/s --duration 60s --warmup 60s --path kafka|rest|mqtt.
                                       Uses the running stack, or starts one in %s and stops it afterwards
                  rebuild              rebuild every read model from the event history in the running stack, with a progress bar;
                                       queries keep reading the current models until the rebuilt ones replace them at once
                  republish [--from T] re-publish stored events to telemetra.device-events, with a progress bar: all of them, or those
                                       stored since the ISO-8601 instant T (e.g. 2026-11-24T08:00:00Z); consumers skip what they applied
                  help                 this text

                durations 500ms, 90s, 5m, 8h, 7d (a bare number is seconds); rates 500, 500/s, 600/m
                ports     command-service 8081, query-service 8082, projection-service 8083, PostgreSQL 15432, Kafka 19092,
                          MQTT 11883
                data+logs %s (set TELEMETRA_HOME to move it)
                env       TELEMETRA_HOME, TELEMETRA_JAVA_OPTS (the launcher's JVM), JAVA_HOME, TELEMETRA_STOP_TIMEOUT (down),
                          TELEMETRA_LOAD_JAVA_OPTS (simulate and bench), TELEMETRA_BENCH_HOME
                """.formatted(workspace.benchHome(), workspace.home());
    }

    /** {@code ./telemetra help}: the overview. */
    @Command(name = "help", description = "The list of commands.")
    static final class HelpCommand implements Callable<Integer> {

        @CommandLine.ParentCommand
        Telemetra telemetra;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            spec.commandLine().getOut().print(telemetra.usage());
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
