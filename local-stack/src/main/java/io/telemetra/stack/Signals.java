package io.telemetra.stack;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Ctrl-C and SIGTERM stop the stack in order before the JVM exits. A plain shutdown hook cannot: zonky registers its
 * own hook that stops PostgreSQL, and the JVM runs hooks concurrently, so the database would go away under services
 * still shutting down. {@code sun.misc.Signal} (module jdk.unsupported) is reached reflectively, as Kafka does, to keep
 * the build free of internal-API warnings.
 */
final class Signals {

    private Signals() {
    }

    /**
     * Runs {@code action} on the first SIGINT or SIGTERM and {@code onRepeat} on any later one.
     *
     * @return false when signals cannot be handled here (the shutdown hook then still stops the stack)
     */
    static boolean onTermination(Runnable action, Runnable onRepeat) {
        AtomicBoolean fired = new AtomicBoolean();
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
            Object handler = Proxy.newProxyInstance(Signals.class.getClassLoader(), new Class<?>[] {handlerClass},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "handle" -> {
                            (fired.compareAndSet(false, true) ? action : onRepeat).run();
                            yield null;
                        }
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        default -> "telemetra-signal-handler";
                    });
            for (String name : List.of("INT", "TERM")) {
                handle.invoke(null, signalClass.getConstructor(String.class).newInstance(name), handler);
            }
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false; // no jdk.unsupported, or the signals are reserved (-Xrs)
        }
    }
}
