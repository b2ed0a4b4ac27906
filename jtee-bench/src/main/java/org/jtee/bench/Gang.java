package org.jtee.bench;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs one task on n platform threads that start together, and times them: the wall time from
 * the start signal until the last thread is done. What {@code jtee bench storage} measures its
 * concurrent sessions and their floors with. With n = 1 the task runs on the calling thread.
 */
final class Gang {
    /** The work of thread {@code t} (0 to n-1). */
    @FunctionalInterface
    interface Task {
        void run(int t) throws Exception;
    }

    private Gang() {}

    /**
     * Runs {@code task} on {@code threads} threads at once.
     *
     * @return the wall time of the run, in seconds
     * @throws IllegalStateException wrapping the first failure of any thread, after all have ended
     */
    static double run(int threads, Task task) {
        if (threads == 1) {
            long t0 = System.nanoTime();
            call(task, 0);
            return (System.nanoTime() - t0) / 1e9;
        }
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread[] gang = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int index = t;
            gang[t] = Thread.ofPlatform().name("jtee-bench-" + t).start(() -> {
                ready.countDown();
                try {
                    go.await();
                    task.run(index);
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            });
        }
        awaitUninterruptibly(ready);
        long t0 = System.nanoTime();
        go.countDown();
        for (Thread thread : gang) {
            joinUninterruptibly(thread);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (failure.get() != null) {
            throw new IllegalStateException(failure.get().getMessage(), failure.get());
        }
        return seconds;
    }

    private static void call(Task task, int t) {
        try {
            task.run(t);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static void joinUninterruptibly(Thread thread) {
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
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
