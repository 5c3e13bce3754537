package io.telemetra.command.scaleout;

import io.telemetra.command.IntegrationTestBase;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Instances that start together on a database without a processor's segments all try to create them, each in the
 * transaction that starts its processor, as Axon's coordinator does: every one of those transactions commits, and the
 * segments exist once.
 */
class ConcurrentTokenInitializationIT extends IntegrationTestBase {

    private static final int INSTANCES = 3;

    @Autowired
    private TokenStore tokenStore;

    @Autowired
    private PlatformTransactionManager transactionManager;

    @Test
    void instancesCreatingTheSameSegmentsAtOnceAllStart() throws Exception {
        String processor = "starting-together-" + UUID.randomUUID();
        CyclicBarrier allLookedFirst = new CyclicBarrier(INSTANCES);
        ExecutorService instances = Executors.newFixedThreadPool(INSTANCES);
        try {
            List<Future<String>> outcomes = new ArrayList<>();
            for (int i = 0; i < INSTANCES; i++) {
                outcomes.add(instances.submit(() -> new TransactionTemplate(transactionManager).execute(status -> {
                    int[] found = tokenStore.fetchSegments(processor);
                    await(allLookedFirst);
                    if (found.length > 0) {
                        return "found";
                    }
                    try {
                        tokenStore.initializeTokenSegments(processor, 2, null);
                        return "created";
                    } catch (UnableToClaimTokenException anotherInstanceWasFirst) {
                        return "created elsewhere";
                    }
                })));
            }
            List<String> results = new ArrayList<>();
            for (Future<String> outcome : outcomes) {
                results.add(outcome.get(60, TimeUnit.SECONDS));
            }

            assertThat(results).as("every instance's transaction committed").containsOnly("created",
                    "created elsewhere");
            assertThat(results).filteredOn("created"::equals).hasSize(1);
            assertThat(jdbc.queryForObject("select count(*) from token_entry where processor_name = ?", Integer.class,
                    processor)).isEqualTo(2);
        } finally {
            instances.shutdownNow();
        }
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
