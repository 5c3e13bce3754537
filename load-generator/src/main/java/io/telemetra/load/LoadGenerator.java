package io.telemetra.load;

import java.nio.file.Path;
import java.util.List;

/**
 * The load generator's entry point ({@code ./telemetra simulate} and {@code ./telemetra bench}):
 * {@code java -jar load-generator.jar simulate|bench --home <stack home> [options]}.
 * Exit codes: 0 done, 1 failed, 2 bad usage, 3 no running stack.
 */
public final class LoadGenerator {

    static final String USAGE = """
            usage: load-generator simulate|bench [--home DIR] [options]   (--help after a command lists its options)
            """;

    private LoadGenerator() {
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args)));
    }

    static int run(List<String> args) {
        Console console = new Console(System.out);
        if (args.isEmpty() || !List.of("simulate", "bench").contains(args.get(0))) {
            System.err.print(USAGE);
            return 2;
        }
        String command = args.get(0);
        List<String> options = args.subList(1, args.size());
        boolean simulate = command.equals("simulate");
        if (options.contains("--help") || options.contains("-h")) {
            System.out.print(simulate ? SimulateOptions.USAGE : BenchOptions.USAGE);
            return 0;
        }
        Path defaultHome = Path.of(".telemetra");
        try {
            if (simulate) {
                SimulateOptions parsed = SimulateOptions.parse(defaultHome, options);
                return new Simulate(parsed, Stack.locate(parsed.home(), System.getenv()), console).run();
            }
            BenchOptions parsed = BenchOptions.parse(defaultHome, options);
            return new Bench(parsed, Stack.locate(parsed.home(), System.getenv()), console).run();
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.print(simulate ? SimulateOptions.USAGE : BenchOptions.USAGE);
            return 2;
        } catch (Stack.NotRunning e) {
            System.err.println("error: " + e.getMessage());
            return 3;
        } catch (Exception e) {
            StringBuilder message = new StringBuilder("error: ").append(e);
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                message.append(System.lineSeparator()).append("  caused by: ").append(cause);
            }
            System.err.println(message);
            return 1;
        }
    }
}
