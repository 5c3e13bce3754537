package io.telemetra.cli;

import io.telemetra.stack.Leftovers;
import io.telemetra.stack.PidFile;
import io.telemetra.stack.Processes;
import io.telemetra.stack.Service;
import io.telemetra.stack.StackConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code ./telemetra status}: what runs and what answers, a line for each instance of each service. Exit code 0 when
 * everything answers, 1 when something does
 * not (or a killed launcher left processes behind), 3 when nothing runs (as LSB init scripts say it).
 */
@Command(name = "status", description = "What runs, and which services answer their health check.")
final class StatusCommand implements Callable<Integer> {

    @ParentCommand
    Telemetra telemetra;

    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "This text.")
    boolean help;

    @Mixin
    HomeOption home;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Path dir = home.resolve(telemetra.workspace());
        Optional<RunningStack> running = RunningStack.in(dir);
        if (running.isEmpty()) {
            List<Leftovers.Leftover> left = Leftovers.find(dir);
            if (!left.isEmpty()) {
                out.println("Telemetra's launcher is gone but left these running (./telemetra down stops them):");
                left.forEach(l -> out.println("  " + l.name() + " (pid " + l.process().pid() + ")"));
                out.flush();
                return 1;
            }
            out.println("Telemetra is not running (home " + dir + ")");
            out.flush();
            return RunningStack.NOT_RUNNING;
        }
        RunningStack stack = running.get();
        out.println("Telemetra is running from " + dir + " (pid " + stack.launcherPid() + ")");
        boolean allUp = true;
        for (Service service : List.of(Service.COMMAND, Service.QUERY, Service.PROJECTION)) {
            List<PidFile.Entry> instances = stack.recorded().entries(service.serviceName());
            if (instances.isEmpty()) { // still starting: not recorded yet
                String state = Http.health(service.defaultPort());
                allUp &= state.equals("UP");
                out.printf("  %-20s %-16s http://localhost:%-6s%n", service.serviceName(), state,
                        service.defaultPort());
            }
            for (PidFile.Entry instance : instances) {
                String state = ProcessHandle.of(instance.pid()).filter(Processes::isRunning).isEmpty()
                        ? "EXITED" : Http.health(instance.port());
                allUp &= state.equals("UP");
                out.printf("  %-20s %-16s http://localhost:%-6s %s%n", service.serviceName(), state, instance.port(),
                        pidText(Optional.of(instance.pid())));
            }
        }
        for (String name : List.of("postgres", "kafka", "mqtt")) {
            int port = stack.port(name, switch (name) {
                case "postgres" -> StackConfig.DEFAULT_POSTGRES_PORT;
                case "kafka" -> StackConfig.DEFAULT_KAFKA_PORT;
                default -> StackConfig.DEFAULT_MQTT_PORT;
            });
            boolean open = Http.open(port);
            allUp &= open;
            out.printf("  %-20s %-16s localhost:%-13s %s%n", name, open ? "UP" : "NO ANSWER", port,
                    pidText(stack.pid(name)));
        }
        out.flush();
        return allUp ? 0 : 1;
    }

    private static String pidText(Optional<Long> pid) {
        return pid.map(p -> "(pid " + p + ")").orElse("");
    }
}
