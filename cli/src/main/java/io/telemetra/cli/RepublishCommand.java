package io.telemetra.cli;

import io.telemetra.stack.Service;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.Callable;

/** {@code ./telemetra republish}: re-publishes stored events to telemetra.device-events, with a progress bar. */
@Command(name = "republish", description = "Re-publish stored events of the running stack to "
        + "telemetra.device-events; consumers skip what they applied already.")
final class RepublishCommand implements Callable<Integer> {

    @ParentCommand
    Telemetra telemetra;

    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "This text.")
    boolean help;

    @Option(names = "--from", paramLabel = "INSTANT", description = "Only the events stored since this ISO-8601 "
            + "instant, e.g. 2026-11-24T08:00:00Z (default: the whole history).")
    Instant from;

    @Mixin
    HomeOption home;

    @Override
    public Integer call() throws Exception {
        AdminJob job = AdminJob.of(telemetra.workspace(), home, Service.COMMAND, "/api/admin/republish",
                "cli-republish");
        String id = job.start(from == null ? "{}" : "{\"from\": \"" + from + "\"}", "jobId");
        PrintWriter out = spec.commandLine().getOut();
        out.println("re-publication " + id + ": the events stored " + (from == null ? "since the beginning"
                : "since " + from) + ", to telemetra.device-events");
        job.follow(id, "republish", out, System.console() != null);
        return 0;
    }
}
