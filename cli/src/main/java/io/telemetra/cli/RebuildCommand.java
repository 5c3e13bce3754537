package io.telemetra.cli;

import io.telemetra.stack.Service;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;

/** {@code ./telemetra rebuild}: rebuilds every read model of the running stack, with a progress bar. */
@Command(name = "rebuild", description = "Rebuild every read model of the running stack from the event history; "
        + "queries keep reading the current models until the rebuilt ones replace them at once.")
final class RebuildCommand implements Callable<Integer> {

    @ParentCommand
    Telemetra telemetra;

    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "This text.")
    boolean help;

    @Option(names = "--from-horizon", paramLabel = "DURATION", converter = Values.DurationValue.class,
            description = "Replay only the readings of the last DURATION (whole hours; e.g. 30d, the archive's hot"
                    + " horizon): what older readings made (raw readings and windows before it, latest values,"
                    + " last-seen times) is taken over from the current read models (default: replay every event,"
                    + " archived periods included).")
    Duration fromHorizon;

    @Mixin
    HomeOption home;

    @Override
    public Integer call() throws Exception {
        AdminJob job = AdminJob.of(telemetra.workspace(), home, Service.PROJECTION, "/api/admin/rebuild",
                "cli-rebuild");
        Instant readingsFrom = fromHorizon == null ? null
                : Instant.now().minus(fromHorizon).truncatedTo(ChronoUnit.HOURS);
        String body = readingsFrom == null ? "" : "{\"readingsFrom\": \"" + readingsFrom + "\"}";
        String id = job.start(body, "rebuildId");
        PrintWriter out = spec.commandLine().getOut();
        out.println("rebuild " + id + ": every read model from the history in telemetra.device-events; queries read "
                + "the current models until the switch-over");
        out.println(readingsFrom == null
                ? "every event is replayed, readings of archived periods included (the topic keeps the whole history)"
                : "from the horizon: readings before " + readingsFrom + " are not replayed; raw readings and windows"
                + " before it, latest values and last-seen times are taken over from the current read models");
        job.follow(id, "rebuild", out, System.console() != null);
        return 0;
    }
}
