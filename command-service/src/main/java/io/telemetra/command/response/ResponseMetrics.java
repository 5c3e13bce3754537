package io.telemetra.command.response;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.telemetra.command.metrics.OnCommit;
import org.springframework.stereotype.Component;

/**
 * Counters of the automated responses. Each is incremented once the unit of work that did the counted thing commits:
 * a batch rolled back and retried counts once.
 */
@Component
public class ResponseMetrics {

    private final MeterRegistry registry;
    private final Counter redelivered;
    private final Counter timedOut;

    public ResponseMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.redelivered = Counter.builder("telemetra.device-commands.redelivered")
                .description("Device commands sent again because the device did not answer in time")
                .register(registry);
        this.timedOut = Counter.builder("telemetra.device-commands.timed-out")
                .description("Device commands given up on after their last delivery went unanswered")
                .register(registry);
    }

    void sagaStarted(Class<?> saga) {
        OnCommit.count(() -> sagaCounter("telemetra.sagas.started", "Sagas started", saga).increment());
    }

    void sagaEnded(Class<?> saga) {
        OnCommit.count(() -> sagaCounter("telemetra.sagas.ended", "Sagas ended", saga).increment());
    }

    void commandRedelivered() {
        OnCommit.count(redelivered::increment);
    }

    void commandTimedOut() {
        OnCommit.count(timedOut::increment);
    }

    void escalated(EscalationCause cause) {
        OnCommit.count(() -> Counter.builder("telemetra.alerts.escalations")
                .description("Alerts the response saga escalated, by cause")
                .tag("cause", cause.name())
                .register(registry)
                .increment());
    }

    /**
     * A command a saga sent failed. Counted at once: a failure that rolls its unit of work back matters as much.
     *
     * @param outcome {@code retried} when the work will be tried again, {@code refused} when the saga gave up on it
     */
    void commandFailed(Object command, String outcome) {
        Counter.builder("telemetra.sagas.command-failures")
                .description("Commands sent by sagas that failed, by command and outcome")
                .tag("command", command.getClass().getSimpleName())
                .tag("outcome", outcome)
                .register(registry)
                .increment();
    }

    /** An event a saga could not handle for a reason retrying cannot cure; logged at ERROR where it happened. */
    void handlerFailed(String saga) {
        Counter.builder("telemetra.sagas.handler-failures")
                .description("Events a saga could not handle and went on without")
                .tag("saga", saga)
                .register(registry)
                .increment();
    }

    private Counter sagaCounter(String name, String description, Class<?> saga) {
        return Counter.builder(name).description(description).tag("saga", saga.getSimpleName()).register(registry);
    }
}
