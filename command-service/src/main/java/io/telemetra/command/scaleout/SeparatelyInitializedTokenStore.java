package io.telemetra.command.scaleout;

import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.axonframework.eventhandling.tokenstore.UnableToInitializeTokenException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Axon's token store, except that a processor's segments are created in a transaction of their own. A processor (and
 * the event relay) creates them the first time it starts, in a transaction that found none; instances started at once
 * race for that, and the loser's insert hits the key of {@code token_entry}. In the JPA store that marks the whole
 * transaction rollback-only, so the loser's start failed even though Axon catches the refusal ("Transaction silently
 * rolled back"). In a transaction of its own, the refusal rolls back only the insert: the loser then finds the
 * winner's segments and goes on.
 */
final class SeparatelyInitializedTokenStore implements TokenStore {

    private static final String DUPLICATE_KEY = "23505";

    private final TokenStore delegate;
    private final Supplier<TransactionTemplate> ownTransaction;

    /** @param transactions the transaction manager, looked up when first needed */
    SeparatelyInitializedTokenStore(TokenStore delegate, Supplier<PlatformTransactionManager> transactions) {
        this.delegate = delegate;
        this.ownTransaction = () -> {
            TransactionTemplate template = new TransactionTemplate(transactions.get());
            template.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
            return template;
        };
    }

    @Override
    public void initializeTokenSegments(String processorName, int segmentCount) throws UnableToClaimTokenException {
        initializeInOwnTransaction(processorName, () -> delegate.initializeTokenSegments(processorName, segmentCount));
    }

    @Override
    public void initializeTokenSegments(String processorName, int segmentCount, TrackingToken initialToken)
            throws UnableToClaimTokenException {
        initializeInOwnTransaction(processorName,
                () -> delegate.initializeTokenSegments(processorName, segmentCount, initialToken));
    }

    /** Another instance's segments, found by the key: the refusal Axon expects when it was not first. */
    private void initializeInOwnTransaction(String processorName, Runnable initialization) {
        try {
            ownTransaction.get().executeWithoutResult(status -> initialization.run());
        } catch (RuntimeException e) {
            if (!(e instanceof UnableToClaimTokenException) && isDuplicateKey(e)) {
                throw new UnableToClaimTokenException("another instance created the segments of " + processorName
                        + " at the same time", e);
            }
            throw e;
        }
    }

    private static boolean isDuplicateKey(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && DUPLICATE_KEY.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void storeToken(TrackingToken token, String processorName, int segment) throws UnableToClaimTokenException {
        delegate.storeToken(token, processorName, segment);
    }

    @Override
    public TrackingToken fetchToken(String processorName, int segment) throws UnableToClaimTokenException {
        return delegate.fetchToken(processorName, segment);
    }

    @Override
    public TrackingToken fetchToken(String processorName, Segment segment) throws UnableToClaimTokenException {
        return delegate.fetchToken(processorName, segment);
    }

    @Override
    public void extendClaim(String processorName, int segment) throws UnableToClaimTokenException {
        delegate.extendClaim(processorName, segment);
    }

    @Override
    public void releaseClaim(String processorName, int segment) {
        delegate.releaseClaim(processorName, segment);
    }

    @Override
    public void initializeSegment(TrackingToken token, String processorName, int segment)
            throws UnableToInitializeTokenException {
        delegate.initializeSegment(token, processorName, segment);
    }

    @Override
    public void deleteToken(String processorName, int segment) throws UnableToClaimTokenException {
        delegate.deleteToken(processorName, segment);
    }

    @Override
    public boolean requiresExplicitSegmentInitialization() {
        return delegate.requiresExplicitSegmentInitialization();
    }

    @Override
    public int[] fetchSegments(String processorName) {
        return delegate.fetchSegments(processorName);
    }

    @Override
    public List<Segment> fetchAvailableSegments(String processorName) {
        return delegate.fetchAvailableSegments(processorName);
    }

    @Override
    public Optional<String> retrieveStorageIdentifier() {
        return delegate.retrieveStorageIdentifier();
    }
}
