package io.telemetra.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code --home DIR}, shared by every subcommand that works on a stack. */
final class HomeOption {

    @Option(names = "--home", paramLabel = "DIR",
            description = "The stack's data, logs and pid file (default: TELEMETRA_HOME, else .telemetra in the repository).")
    Path home;

    Path resolve(Workspace workspace) {
        return home != null ? home.toAbsolutePath().normalize() : workspace.home();
    }
}
