package io.telemetra.command.scaleout;

import io.telemetra.command.IntegrationTestBase;
import org.awaitility.Awaitility;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances starting at once both find a processor without segments and both create them, each in the transaction
 * in which it looked, as Axon's pooled processors and the event relay do: one creates them, the other is refused with
 * the exception Axon expects, and both transactions still commit (the refused one used to be marked rollback-only,
 * which failed the instance's start).
 */
class SegmentInitializationIT extends IntegrationTestBase {

    @Autowired
    private TokenStore tokenStore;

    @Autowired
    private PlatformTransactionManager transactionManager;

    /**
     * The first instance creates the segments and keeps its transaction open until the second has tried too (and, as
     * before, waits on the first one's rows); the second, as Axon does, catches whatever refused it and commits.
     */
    @Test
    void twoInstancesCreatingTheSameSegmentsAtOnceBothGoOn() throws Exception {
        String processor = "segments-" + UUID.randomUUID();
        CyclicBarrier bothLooked = new CyclicBarrier(2);
        CountDownLatch firstCreated = new CountDownLatch(1);
        CountDownLatch secondTried = new CountDownLatch(1);
        ExecutorService instances = Executors.newFixedThreadPool(2);
        try {
            Future<String> first = instances.submit(() -> inTransaction(() -> {
                assertThat(tokenStore.fetchSegments(processor)).isEmpty();
                await(bothLooked);
                tokenStore.initializeTokenSegments(processor, 2, null);
                firstCreated.countDown();
                Awaitility.await().atMost(Duration.ofSeconds(60))
                        .until(() -> secondTried.getCount() == 0 || anotherSessionWaitsForALock());
                return "created";
            }));
            Future<String> second = instances.submit(() -> inTransaction(() -> {
                assertThat(tokenStore.fetchSegments(processor)).isEmpty();
                await(bothLooked);
                await(firstCreated);
                try {
                    tokenStore.initializeTokenSegments(processor, 2, null);
                    return "created";
                } catch (RuntimeException anotherInstanceWasFirst) {
                    return anotherInstanceWasFirst instanceof UnableToClaimTokenException ? "refused"
                            : anotherInstanceWasFirst.toString();
                } finally {
                    secondTried.countDown();
                }
            }));

            assertThat(first.get(60, TimeUnit.SECONDS)).isEqualTo("created");
            assertThat(second.get(60, TimeUnit.SECONDS)).as("the second instance's start, committed").isEqualTo(
                    "refused");
        } finally {
            instances.shutdownNow();
        }
        assertThat(tokenStore.fetchSegments(processor)).containsExactly(0, 1);
    }

    private String inTransaction(Supplier<String> work) {
        return new TransactionTemplate(transactionManager).execute(status -> work.get());
    }

    private boolean anotherSessionWaitsForALock() {
        Integer waiting = jdbc.queryForObject("select count(*) from pg_stat_activity where wait_event_type = 'Lock'"
                + " and datname = current_database() and pid <> pg_backend_pid()", Integer.class);
        return waiting != null && waiting > 0;
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the other instance did not get there");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the other instance did not get there", e);
        }
    }
}
