package io.telemetra.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

/**
 * Exit code 0 when a stack runs from the home, 1 when none does; silent. The script asks before it rebuilds the jars
 * for {@code up} or {@code bench}: a build must not replace the jar a running launcher loads its classes from.
 */
@Command(name = "running", hidden = true)
final class RunningCommand implements Callable<Integer> {

    @ParentCommand
    Telemetra telemetra;

    @Mixin
    HomeOption home;

    @Override
    public Integer call() {
        return RunningStack.in(home.resolve(telemetra.workspace())).isPresent() ? 0 : 1;
    }
}
