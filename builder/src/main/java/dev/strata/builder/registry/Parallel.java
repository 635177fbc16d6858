package dev.strata.builder.registry;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Runs blob transfers a few at a time; the first failure is rethrown once all have ended. */
final class Parallel {
    private Parallel() {}

    static final int TRANSFERS = 3;

    @FunctionalInterface
    interface Task<T> {
        void run(T item) throws IOException;
    }

    static <T> void run(List<T> items, Task<T> task) throws IOException {
        if (items.size() == 1) {
            task.run(items.get(0));
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(TRANSFERS, items.size()), runnable -> {
            Thread thread = new Thread(runnable, "strata-registry-transfer");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (T item : items) {
                futures.add(pool.submit(() -> {
                    task.run(item);
                    return null;
                }));
            }
            IOException first = null;
            for (Future<?> future : futures) {
                try {
                    future.get();
                } catch (ExecutionException e) {
                    if (first == null) {
                        first = e.getCause() instanceof IOException io ? io : new IOException(e.getCause().getMessage(), e.getCause());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    pool.shutdownNow();
                    throw new RegistryException("interrupted while transferring blobs");
                }
            }
            if (first != null) {
                throw first;
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
