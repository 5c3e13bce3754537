package io.telemetra.jobs;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * One kind of administrative job on this instance: one at a time, each on the same worker thread, the last few kept
 * so that their progress can still be asked for.
 *
 * @param <J> the job
 */
public final class AdminJobs<J extends AdminJob> implements AutoCloseable {

    private static final int KEPT_JOBS = 20;

    private final String kind;
    private final ExecutorService worker;
    private final Map<String, J> jobs = Collections.synchronizedMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, J> eldest) {
            return size() > KEPT_JOBS;
        }
    });
    private J current;

    /** @param kind what a job is called in messages: "rebuild", "re-publication"; also its thread's name */
    public AdminJobs(String kind) {
        this.kind = kind;
        this.worker = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, kind);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** @throws JobAlreadyRunningException while a job of this kind runs on this instance */
    public synchronized void requireNoneRunning() {
        if (current != null && current.running()) {
            throw new JobAlreadyRunningException(kind + " " + current.id() + " is still running");
        }
    }

    /**
     * Runs {@code work} on the worker thread; the job is found by its id from now on.
     *
     * @throws JobAlreadyRunningException while a job of this kind runs on this instance
     */
    public synchronized J start(J job, Consumer<J> work) {
        requireNoneRunning();
        current = job;
        jobs.put(job.id(), job);
        worker.execute(() -> work.accept(job));
        return job;
    }

    /** @throws JobNotFoundException when this instance ran no such job, or has forgotten it */
    public J get(String id) {
        return Optional.ofNullable(jobs.get(id)).orElseThrow(() -> new JobNotFoundException(kind, id));
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
