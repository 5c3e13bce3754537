package io.telemetra.cli;

import io.telemetra.stack.Service;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
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

    @Mixin
    HomeOption home;

    @Override
    public Integer call() throws Exception {
        AdminJob job = AdminJob.of(telemetra.workspace(), home, Service.PROJECTION, "/api/admin/rebuild",
                "cli-rebuild");
        String id = job.start("", "rebuildId");
        PrintWriter out = spec.commandLine().getOut();
        out.println("rebuild " + id + ": every read model from the history in telemetra.device-events; queries read "
                + "the current models until the switch-over");
        job.follow(id, "rebuild", out, System.console() != null);
        return 0;
    }
}
