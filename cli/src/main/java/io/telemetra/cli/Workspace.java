package io.telemetra.cli;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the command line works: the repository it was started from (the script passes it), the environment, and the
 * homes it derives from them.
 *
 * @param repository the repository root, holding the services' jars under {@code <service>/target}
 */
record Workspace(Path repository, Map<String, String> environment) {

    static final String REPOSITORY_PROPERTY = "telemetra.repository";

    Workspace {
        repository = repository.toAbsolutePath().normalize();
        environment = Map.copyOf(environment);
    }

    static Workspace ofThisProcess() {
        return new Workspace(Path.of(System.getProperty(REPOSITORY_PROPERTY, "")), System.getenv());
    }

    /** The stack's data, logs and pid file: {@code TELEMETRA_HOME}, else {@code .telemetra} in the repository. */
    Path home() {
        return pathOr("TELEMETRA_HOME", ".telemetra");
    }

    /** Where {@code bench} starts a stack of its own when none runs from {@link #home()}. */
    Path benchHome() {
        return pathOr("TELEMETRA_BENCH_HOME", ".telemetra-bench");
    }

    String env(String name) {
        String value = environment.get(name);
        return value == null || value.isBlank() ? null : value;
    }

    private Path pathOr(String variable, String inRepository) {
        String value = env(variable);
        return (value != null ? Path.of(value) : repository.resolve(inRepository)).toAbsolutePath().normalize();
    }
}
