package io.telemetra.command.scaleout;

import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.axonframework.eventhandling.tokenstore.jpa.JpaTokenStore;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Axon's JPA token store, safe for instances that start together on a database without a processor's segments: they
 * all try to create them, and the losers' failed inserts would leave the transaction of the processor's start
 * rollback-only, which fails that start (Axon retries the creation, not a failed commit). Here the segments are created
 * in a transaction of their own, and a loser is told that they exist, as Axon expects, and carries on with them.
 */
final class ConcurrentlyInitializedTokenStore extends JpaTokenStore {

    private final TransactionTemplate ownTransaction;

    ConcurrentlyInitializedTokenStore(Builder builder, PlatformTransactionManager transactionManager) {
        super(builder);
        this.ownTransaction = new TransactionTemplate(transactionManager);
        ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    @Override
    public void initializeTokenSegments(String processorName, int segmentCount, TrackingToken initialToken) {
        try {
            ownTransaction.executeWithoutResult(status ->
                    super.initializeTokenSegments(processorName, segmentCount, initialToken));
        } catch (RuntimeException failure) {
            if (fetchSegments(processorName).length > 0) {
                throw new UnableToClaimTokenException("Another instance created the segments of " + processorName);
            }
            throw failure;
        }
    }
}
