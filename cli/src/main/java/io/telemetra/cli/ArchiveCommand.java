package io.telemetra.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.telemetra.stack.Service;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code ./telemetra archive}: moves reading events past the hot horizon to the archive now, with a progress bar. */
@Command(name = "archive", description = "Move the running stack's reading events stored before the hot horizon "
        + "(telemetra.archive.horizon, 30 days) out of the event store into the archive, a day at a time, and show "
        + "what moved; the same runs every hour on its own.")
final class ArchiveCommand implements Callable<Integer> {

    @ParentCommand
    Telemetra telemetra;

    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "This text.")
    boolean help;

    @Mixin
    HomeOption home;

    @Override
    public Integer call() throws Exception {
        AdminJob job = AdminJob.of(telemetra.workspace(), home, Service.COMMAND, "/api/admin/archive", "cli-archive");
        String id = job.start("", "jobId");
        PrintWriter out = spec.commandLine().getOut();
        out.println("archive " + id + ": reading events stored before the hot horizon, from the event store to the"
                + " archive");
        JsonNode finished = job.follow(id, "archive", out, System.console() != null);
        finished.path("moved").forEach(segment -> out.printf("moved %s (%s): %d events to %s (%d bytes)%n",
                segment.path("partition").asText(), segment.path("day").asText(), segment.path("events").asLong(),
                segment.path("fileName").asText(), segment.path("fileBytes").asLong()));
        if (finished.path("moved").isEmpty()) {
            out.println("nothing to move: no day before " + finished.path("horizon").asText()
                    + " is left in the event store");
        }
        return 0;
    }
}
