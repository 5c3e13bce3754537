package io.telemetra.command.republish;

import io.telemetra.api.admin.RepublishProgress;
import io.telemetra.api.kafka.Topics;
import io.telemetra.command.publishing.EventEnvelopes;
import io.telemetra.jobs.AdminJobs;
import io.telemetra.jobs.JobStore;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * Streams stored events back to {@link Topics#DEVICE_EVENTS}, in global order from the first event stored at or after a
 * given instant up to the newest one when the job starts: to restore a lost topic, or to feed a new consumer. Each event
 * goes out as the same envelope the publisher sent (same event id, sequence number, key), so consumers, idempotent by
 * device and sequence number, ignore what they already applied.
 * <p>
 * Sends are asynchronous within a page and the job waits for every acknowledgement before the next page. One idempotent
 * producer keeps each partition's records in send order, so a device's events arrive in stream order. One job at a time
 * across every instance, whichever instance is asked about it (see {@link JobStore}); a failed job, or one whose
 * instance died, can simply be started again.
 */
@Service
class Republisher implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(Republisher.class);

    private final EventStorageEngine storageEngine;
    private final Serializer eventSerializer;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate readOnly;
    private final KafkaTemplate<String, byte[]> kafka;
    private final RepublishProperties properties;
    private final Clock clock;
    private final AdminJobs<RepublishJob> jobs;

    Republisher(EventStorageEngine storageEngine, @Qualifier("eventSerializer") Serializer eventSerializer,
                JdbcTemplate jdbc, PlatformTransactionManager transactionManager,
                KafkaTemplate<String, byte[]> eventKafkaTemplate, RepublishProperties properties, Clock clock,
                JobStore jobStore) {
        this.storageEngine = storageEngine;
        this.eventSerializer = eventSerializer;
        this.jdbc = jdbc;
        this.readOnly = new TransactionTemplate(transactionManager);
        this.readOnly.setReadOnly(true);
        this.kafka = eventKafkaTemplate;
        this.properties = properties;
        this.clock = clock;
        this.jobs = jobStore.jobs("re-publication");
    }

    /** @throws io.telemetra.jobs.JobAlreadyRunningException while a re-publication runs on any instance */
    RepublishJob start(Instant from) {
        return jobs.start(new RepublishJob(UUID.randomUUID().toString(), from, clock.instant()), this::run);
    }

    /** @throws io.telemetra.jobs.JobNotFoundException when no instance ran such a job */
    RepublishProgress progress(String jobId) {
        return RepublishJob.progress(jobs.get(jobId), clock.instant());
    }

    private void run(RepublishJob job) {
        try {
            publish(job);
            job.completed(clock.instant());
            RepublishProgress done = RepublishJob.progress(job.snapshot(), clock.instant());
            log.info("Re-publication {} completed: {} events in {} s ({}/s)", job.id(), done.processed(),
                    Duration.between(done.startedAt(), done.finishedAt()).toSeconds(), done.ratePerSecond());
        } catch (RuntimeException e) {
            job.failed(clock.instant(), e.getMessage() == null ? e.getClass().getName() : e.getMessage());
            RepublishProgress failed = RepublishJob.progress(job.snapshot(), clock.instant());
            log.error("Re-publication {} failed after {} of {} events; start it again to retry", job.id(),
                    failed.processed(), failed.total(), e);
        }
    }

    private void publish(RepublishJob job) {
        TrackingToken start = readOnly.execute(status -> job.from() == null ? storageEngine.createTailToken()
                : storageEngine.createTokenAt(job.from()));
        Long head = jdbc.queryForObject("select max(global_index) from domain_event_entry", Long.class);
        if (start == null || head == null) {
            log.info("Re-publication {}: the event store is empty", job.id());
            return;
        }
        long after = start.position().orElse(-1);
        Long total = jdbc.queryForObject(
                "select count(*) from domain_event_entry where global_index > ? and global_index <= ?", Long.class,
                after, head);
        job.progress(0, total == null ? 0 : total);
        log.info("Re-publication {} started: {} events from {} (global index {} to {}) to {}", job.id(), total,
                job.from() == null ? "the beginning" : job.from(), after + 1, head, Topics.DEVICE_EVENTS);

        List<CompletableFuture<?>> sends = new ArrayList<>(properties.pageSize());
        long processed = 0;
        int inPage = 0;
        Instant nextLog = clock.instant().plus(properties.logInterval());
        try (Stream<? extends TrackedEventMessage<?>> events = storageEngine.readEvents(start, false)) {
            Iterator<? extends TrackedEventMessage<?>> iterator = events.iterator();
            while (iterator.hasNext()) {
                TrackedEventMessage<?> event = iterator.next();
                if (event.trackingToken().position().orElse(Long.MAX_VALUE) > head) {
                    break; // stored after the job started: the publisher sends those
                }
                // Events without an aggregate are not device events; the publisher ignores them too.
                if (event instanceof DomainEventMessage<?> domainEvent && domainEvent.getAggregateIdentifier() != null) {
                    sends.add(kafka.send(Topics.DEVICE_EVENTS, domainEvent.getAggregateIdentifier(),
                            EventEnvelopes.wireJson(domainEvent, eventSerializer)));
                }
                if (++inPage == properties.pageSize()) {
                    processed += acknowledged(sends, inPage);
                    inPage = 0;
                    job.progress(processed, job.total());
                    if (!clock.instant().isBefore(nextLog)) {
                        logProgress(job);
                        nextLog = clock.instant().plus(properties.logInterval());
                    }
                }
            }
        }
        processed += acknowledged(sends, inPage);
        // Events that filled a gap below the head after the count are sent too: the total grows to what was sent.
        job.progress(processed, job.total());
    }

    /** Waits until Kafka acknowledged every send of the page; a failed send fails the job. */
    private static int acknowledged(List<CompletableFuture<?>> sends, int events) {
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
        sends.clear();
        return events;
    }

    private void logProgress(RepublishJob job) {
        RepublishProgress progress = RepublishJob.progress(job.snapshot(), clock.instant());
        log.info("Re-publication {}: {}/{} events ({}/s, about {} s left)", job.id(), progress.processed(),
                progress.total(), progress.ratePerSecond(), progress.etaSeconds());
    }

    @Override
    public void destroy() {
        jobs.close();
    }
}
