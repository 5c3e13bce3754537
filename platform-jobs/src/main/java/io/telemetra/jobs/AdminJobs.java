package io.telemetra.jobs;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One kind of administrative job: at most one running at a time across every instance sharing the {@link JobStore},
 * started and run on this instance's worker thread, its progress recorded in the job table at every heartbeat and when
 * it ends, so that any instance answers for it. Made by {@link JobStore#jobs}.
 *
 * @param <J> the job
 */
public final class AdminJobs<J extends AdminJob> implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AdminJobs.class);

    private final String kind;
    private final JobStore store;
    private final ExecutorService worker;
    private final ScheduledExecutorService heartbeat;
    private J current;

    AdminJobs(String kind, JobStore store, Duration heartbeatInterval) {
        this.kind = kind;
        this.store = store;
        this.worker = Executors.newSingleThreadExecutor(task -> daemon(task, kind));
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(task -> daemon(task, kind + "-heartbeat"));
        heartbeat.scheduleWithFixedDelay(this::beat, heartbeatInterval.toMillis(), heartbeatInterval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    /** @throws JobAlreadyRunningException while a job of this kind runs on this instance or on another live one */
    public synchronized void requireNoneRunning() {
        if (current != null && current.running()) {
            throw new JobAlreadyRunningException(kind + " " + current.id() + " is still running");
        }
        Optional<String> elsewhere = store.runningId(kind);
        if (elsewhere.isPresent()) {
            throw new JobAlreadyRunningException(kind + " " + elsewhere.get() + " is still running");
        }
    }

    /**
     * Records the job as running, then runs {@code work} on the worker thread; the job is found by its id, on any
     * instance, from now on. The work ends the job ({@link AdminJob#completed}, {@link AdminJob#failed}); if it throws
     * instead, the job failed.
     *
     * @throws JobAlreadyRunningException while a job of this kind runs on this instance or on another live one
     */
    public synchronized J start(J job, Consumer<J> work) {
        if (current != null && current.running()) {
            throw new JobAlreadyRunningException(kind + " " + current.id() + " is still running");
        }
        store.insertRunning(kind, job.snapshot());
        current = job;
        worker.execute(() -> {
            try {
                work.accept(job);
            } catch (RuntimeException e) {
                job.failed(Instant.now(), e.getMessage() == null ? e.getClass().getName() : e.getMessage());
                log.error("{} {} failed", kind, job.id(), e);
            } finally {
                if (job.running()) {
                    job.failed(Instant.now(), "ended without a result");
                }
                recordOrWarn(job);
            }
        });
        return job;
    }

    /**
     * The job as it is now when it runs here, else as its instance last recorded it (FAILED when that instance has
     * stopped heart-beating).
     *
     * @throws JobNotFoundException when no instance ran such a job, or it was deleted since (the last
     *                              {@value JobStore#KEPT_JOBS} of a kind are kept)
     */
    public JobSnapshot get(String id) {
        J local;
        synchronized (this) {
            local = current;
        }
        if (local != null && local.id().equals(id) && local.running()) {
            return local.snapshot();
        }
        return store.find(kind, id).orElseThrow(() -> new JobNotFoundException(kind, id));
    }

    private void beat() {
        J job;
        synchronized (this) {
            job = current;
        }
        if (job != null && job.running()) {
            try {
                recordOrWarn(job);
            } catch (RuntimeException e) {
                // The next beat tries again; other instances give the job up only after dead-after without one.
                log.warn("Could not record the progress of {} {}: {}", kind, job.id(), e.toString());
            }
        }
    }

    private void recordOrWarn(J job) {
        if (!store.record(kind, job.snapshot())) {
            log.warn("{} {} was given up for dead by another instance (no heartbeat recorded in time); what it does "
                    + "from now on is not recorded", kind, job.id());
        }
    }

    /** A job still running when its instance stops is recorded FAILED, so that it can be started again at once. */
    @Override
    public void close() {
        heartbeat.shutdownNow();
        J job;
        synchronized (this) {
            job = current;
        }
        boolean interrupted = job != null && job.running();
        if (interrupted) {
            job.failed(Instant.now(), "its instance " + store.instance() + " stopped");
        }
        worker.shutdownNow();
        if (interrupted) {
            try {
                store.record(kind, job.snapshot());
            } catch (RuntimeException e) {
                log.warn("Could not record {} {} as failed: {}; other instances will", kind, job.id(), e.toString());
            }
        }
    }
}
