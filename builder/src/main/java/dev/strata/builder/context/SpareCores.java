package dev.strata.builder.context;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Maps a list on the calling thread and the machine's other cores together. A cached rebuild of
 * a large context spends most of its time in one lstat per file, run by a fresh JVM's interpreter
 * while the second core idles; the caller works through the list in chunks and the helpers take
 * chunks too, so the result is the same list in the same order however many helped.
 */
final class SpareCores {

    /** Below this many items the caller maps them alone: a hand-off costs tens of microseconds. */
    static final int MIN_SHARED = 64;
    private static final int CHUNK = 16;
    private static final int HELPERS = Math.min(3, Runtime.getRuntime().availableProcessors() - 1);

    private SpareCores() {
    }

    /** Helper threads, started when first needed and stopped after a few idle seconds. */
    private static final class Pool {
        private static final ThreadPoolExecutor EXECUTOR = executor();

        private static ThreadPoolExecutor executor() {
            AtomicInteger n = new AtomicInteger();
            ThreadPoolExecutor e = new ThreadPoolExecutor(HELPERS, HELPERS, 5, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "strata-walk-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            e.allowCoreThreadTimeOut(true);
            return e;
        }
    }

    /**
     * {@code f} applied to each item, in order. {@code f} must be safe to call from several
     * threads at once; what it throws is thrown here (the first, in list order, of those seen).
     */
    static <T, R> List<R> map(List<T> items, Function<? super T, ? extends R> f) {
        int n = items.size();
        Object[] out = new Object[n];
        if (n < MIN_SHARED || HELPERS < 1) {
            for (int i = 0; i < n; i++) {
                out[i] = f.apply(items.get(i));
            }
            return result(out);
        }
        AtomicInteger next = new AtomicInteger();
        Throwable[] failures = new Throwable[(n + CHUNK - 1) / CHUNK];
        Runnable work = () -> {
            int start;
            while ((start = next.getAndAdd(CHUNK)) < n) {
                try {
                    for (int i = start, end = Math.min(n, start + CHUNK); i < end; i++) {
                        out[i] = f.apply(items.get(i));
                    }
                } catch (RuntimeException | Error e) {
                    failures[start / CHUNK] = e;
                }
            }
        };
        List<Helper> helpers = new ArrayList<>();
        for (int h = 0, wanted = Math.min(HELPERS, n / MIN_SHARED); h < wanted; h++) {
            Helper helper = new Helper(work);
            Pool.EXECUTOR.execute(helper);
            helpers.add(helper);
        }
        work.run();
        for (Helper helper : helpers) {
            helper.awaitOrSkip();
        }
        for (Throwable failure : failures) {
            if (failure instanceof RuntimeException e) {
                throw e;
            }
            if (failure != null) {
                throw (Error) failure;
            }
        }
        return result(out);
    }

    /** Runs the shared work once, unless the caller finished it all before this helper started. */
    private static final class Helper implements Runnable {
        private static final int WAITING = 0;
        private static final int RUNNING = 1;
        private static final int SKIPPED = 2;
        private final Runnable work;
        private final AtomicInteger state = new AtomicInteger(WAITING);
        private final CountDownLatch done = new CountDownLatch(1);

        Helper(Runnable work) {
            this.work = work;
        }

        @Override
        public void run() {
            if (!state.compareAndSet(WAITING, RUNNING)) {
                return;
            }
            try {
                work.run();
            } finally {
                done.countDown();
            }
        }

        /** Returns once this helper has finished its chunks, or will never start them. */
        void awaitOrSkip() {
            if (state.compareAndSet(WAITING, SKIPPED)) {
                return;
            }
            boolean interrupted = false;
            while (true) {
                try {
                    done.await(); // its results are read next: it must have finished
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static <R> List<R> result(Object[] out) {
        return (List<R>) Collections.unmodifiableList(Arrays.asList(out));
    }
}
