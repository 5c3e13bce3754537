package io.telemetra.command.response;

import io.telemetra.command.messaging.TransientFailures;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventMessageHandler;
import org.axonframework.eventhandling.ListenerInvocationErrorHandler;
import org.axonframework.modelling.saga.AnnotatedSaga;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens when a saga's event handler throws. Axon's default logs and goes on, which would drop a response for
 * good on a database hiccup. Here a transient failure is propagated: the batch rolls back, saga states, deadlines and
 * the commands' events with it, and the processor retries it from its token. Any other failure would come back on
 * every retry and block every saga behind it, so it is logged at ERROR with the ids and counted, and the sagas go on.
 */
class SagaErrorHandler implements ListenerInvocationErrorHandler {

    private static final Logger log = LoggerFactory.getLogger(SagaErrorHandler.class);

    private final ResponseMetrics metrics;

    SagaErrorHandler(ResponseMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void onError(Exception exception, EventMessage<?> event, EventMessageHandler handler) throws Exception {
        if (TransientFailures.isTransient(exception)) {
            throw exception;
        }
        String sagaType = handler.getClass().getSimpleName();
        String sagaId = "";
        if (handler instanceof AnnotatedSaga<?> saga) {
            sagaType = saga.root().getClass().getSimpleName();
            sagaId = saga.getSagaIdentifier();
        }
        log.error("{} {} could not handle {} (event {}); it goes on without it", sagaType, sagaId,
                event.getPayloadType().getSimpleName(), event.getIdentifier(), exception);
        metrics.handlerFailed(sagaType);
    }
}
