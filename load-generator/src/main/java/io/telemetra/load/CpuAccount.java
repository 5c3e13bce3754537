package io.telemetra.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * CPU time used by each part of the local stack, so that the benchmark can say where a reading's cost goes: the
 * services (every instance of each together), the launcher (which runs the Kafka and MQTT brokers) and PostgreSQL's
 * postmaster with every process under it, as the launcher recorded them, and this load generator. Read from the
 * operating system ({@link ProcessHandle.Info}). A PostgreSQL backend that exits between two readings (a pool retiring
 * a connection, a closed client) leaves the live processes' sum, its CPU time moving into the postmaster's count of its
 * reaped children ({@code cutime} and {@code cstime} in {@code /proc/<pid>/stat}), which is added: without it the
 * window lost the backend's whole history and PostgreSQL once showed 0.01 cores under load.
 */
final class CpuAccount {

    /** The parts in the order they are reported. */
    static final List<String> PARTS = List.of("command-service", "projection-service", "query-service",
            "kafka + launcher", "postgres", "load generator");

    /** Fields 16 and 17 of {@code /proc/<pid>/stat}, counted from field 3 (the state). */
    private static final int CUTIME = 13;
    private static final int CSTIME = 14;
    private static final long USER_HZ = 100;

    private final Map<String, List<ProcessHandle>> roots;

    private CpuAccount(Map<String, List<ProcessHandle>> roots) {
        this.roots = roots;
    }

    /** The stack's processes as its launcher recorded them; parts that cannot be found are reported as unknown. */
    static CpuAccount of(Stack stack) {
        Map<String, List<ProcessHandle>> roots = new LinkedHashMap<>();
        PARTS.forEach(part -> roots.put(part, new ArrayList<>()));
        stack.processes().forEach((name, pids) -> {
            String part = name.equals("launcher") ? "kafka + launcher" : name;
            if (roots.containsKey(part)) {
                pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(roots.get(part)::add));
            }
        });
        roots.get("load generator").add(ProcessHandle.current());
        return new CpuAccount(roots);
    }

    /** CPU time so far per part (the part's processes and their children); absent where the OS does not say. */
    Snapshot snapshot() {
        Map<String, Duration> used = new LinkedHashMap<>();
        roots.forEach((part, processes) -> {
            Duration total = Duration.ZERO;
            boolean known = !processes.isEmpty();
            for (ProcessHandle process : processes) {
                List<ProcessHandle> tree = new ArrayList<>();
                tree.add(process);
                if (part.equals("postgres")) {
                    process.children().forEach(tree::add);
                }
                for (ProcessHandle member : tree) {
                    Optional<Duration> cpu = member.info().totalCpuDuration();
                    if (cpu.isPresent()) {
                        total = total.plus(cpu.get());
                    } else if (member == process) {
                        known = false;
                    }
                }
                if (part.equals("postgres")) {
                    total = total.plus(reapedChildrenCpu(process.pid()).orElse(Duration.ZERO));
                }
            }
            if (known) {
                used.put(part, total);
            }
        });
        return new Snapshot(used, System.nanoTime());
    }

    /**
     * The CPU time of the children {@code pid} has waited for after they exited, from Linux's {@code /proc}; empty
     * elsewhere. In clock ticks of USER_HZ, which is 100 on every architecture the JDK runs Linux on.
     */
    static Optional<Duration> reapedChildrenCpu(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The command name (field 2) is in parentheses and may hold spaces: count fields after its closing one.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            long ticks = Long.parseLong(fields[CUTIME]) + Long.parseLong(fields[CSTIME]);
            return Optional.of(Duration.ofMillis(ticks * 1_000 / USER_HZ));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** CPU time per part at one moment. */
    record Snapshot(Map<String, Duration> used, long nanoTime) {

        /** What each part used since {@code earlier}, for {@code units} units of work (readings or rows). */
        Usage since(Snapshot earlier, long units) {
            Map<String, Duration> delta = new LinkedHashMap<>();
            used.forEach((part, now) -> {
                Duration before = earlier.used().get(part);
                if (before != null) {
                    delta.put(part, now.minus(before));
                }
            });
            return new Usage(delta, (nanoTime - earlier.nanoTime()) / 1e9, units);
        }
    }

    /** CPU used over an interval by each part, and per unit of work. */
    record Usage(Map<String, Duration> byPart, double seconds, long units) {

        double cores(String part) {
            return seconds > 0 ? byPart.get(part).toNanos() / 1e9 / seconds : 0;
        }

        double microsPerUnit(String part) {
            return units > 0 ? byPart.get(part).toNanos() / 1e3 / units : 0;
        }

        double totalCores() {
            return byPart.keySet().stream().mapToDouble(this::cores).sum();
        }

        double totalMicrosPerUnit() {
            return byPart.keySet().stream().mapToDouble(this::microsPerUnit).sum();
        }

        /** {@code command-service 0.84 cores 101 µs, ...}: each part's share and its cost per unit. */
        String describe(String unit) {
            if (byPart.isEmpty()) {
                return "not available on this system";
            }
            StringBuilder text = new StringBuilder();
            for (String part : byPart.keySet()) {
                text.append(text.isEmpty() ? "" : ", ").append(String.format(Locale.ROOT, "%s %.2f cores %.0f µs",
                        part, cores(part), microsPerUnit(part)));
            }
            return text.append(String.format(Locale.ROOT, "; total %.2f cores, %.0f µs per %s", totalCores(),
                    totalMicrosPerUnit(), unit)).toString();
        }
    }
}
