package io.telemetra.command.publishing;

import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The sends (to Kafka, to the MQTT broker) of one processor batch, awaited before it commits. A streaming processor stores its token in the
 * batch's commit, so a send that fails rolls the batch back and the processor retries it from the last stored token:
 * records may be sent twice, never skipped.
 */
public final class PendingSends {

    private PendingSends() {
    }

    public static void awaitBeforeCommit(UnitOfWork<?> unitOfWork, CompletableFuture<?> send) {
        UnitOfWork<?> batch = unitOfWork.root();
        List<CompletableFuture<?>> sends = batch.getOrComputeResource(PendingSends.class.getName(), key -> {
            List<CompletableFuture<?>> pending = new ArrayList<>();
            batch.onPrepareCommit(committing -> CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join());
            return pending;
        });
        sends.add(send);
    }
}
