package io.telemetra.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Stopping processes for good: a polite request first, a kill when it is ignored. */
public final class Processes {

    private static final Duration KILL_WAIT = Duration.ofSeconds(10);
    private static final long POLL_MILLIS = 50;

    private Processes() {
    }

    /**
     * Sends SIGTERM and waits up to {@code grace}, then SIGKILL.
     *
     * @return true when the process exited on its own
     */
    static boolean stop(ProcessHandle process, Duration grace) {
        process.destroy();
        return awaitOrKill(process, grace);
    }

    /**
     * Waits up to {@code grace} for a process already asked to stop, then kills it.
     *
     * @return true when the process exited on its own
     */
    static boolean awaitOrKill(ProcessHandle process, Duration grace) {
        if (await(process, grace)) {
            return true;
        }
        process.destroyForcibly();
        await(process, KILL_WAIT);
        return false;
    }

    /** Polls: {@code onExit()} of a process that is not our child only notices the exit after a growing delay. */
    private static boolean await(ProcessHandle process, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (isRunning(process)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return !isRunning(process);
            }
        }
        return true;
    }

    /**
     * Alive and not a zombie: a process that is not our child (PostgreSQL) is reaped by whatever adopted it, which in
     * a container may take a while, and {@code isAlive()} holds until then.
     */
    public static boolean isRunning(ProcessHandle process) {
        if (!process.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException | RuntimeException e) {
            return process.isAlive(); // no procfs (macOS): trust the JVM
        }
    }

    /** The full command line where the OS tells it, else the executable, else empty. */
    static String commandLine(ProcessHandle process) {
        ProcessHandle.Info info = process.info();
        return info.commandLine().or(info::command).orElse("");
    }
}
