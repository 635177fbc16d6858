package dev.strata.builder.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SpareCoresTest {

    private static List<Integer> numbers(int n) {
        return IntStream.range(0, n).boxed().toList();
    }

    @Test
    void resultsKeepTheOrderOfTheItemsWhetherSharedOrNot() {
        for (int n : new int[] {0, 1, SpareCores.MIN_SHARED - 1, SpareCores.MIN_SHARED, 10_000}) {
            List<String> out = SpareCores.map(numbers(n), i -> "item " + i);
            assertEquals(numbers(n).stream().map(i -> "item " + i).toList(), out, n + " items");
        }
    }

    @Test
    void nullResultsAreKept() {
        List<Object> out = SpareCores.map(numbers(500), i -> i % 7 == 0 ? null : i);
        assertNull(out.get(0));
        assertNull(out.get(497));
        assertEquals(498, out.get(498));
    }

    @Test
    void anotherThreadTakesPartWhenTheMachineHasSpareCores() throws InterruptedException {
        assumeTrue(Runtime.getRuntime().availableProcessors() > 1, "one core: the caller maps alone");
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        CountDownLatch twoThreads = new CountDownLatch(1);
        List<Integer> out = SpareCores.map(numbers(10 * SpareCores.MIN_SHARED), i -> {
            threads.add(Thread.currentThread());
            if (threads.size() > 1) {
                twoThreads.countDown();
            }
            if (i == 0) { // whoever takes the first item waits until someone else has mapped one
                try {
                    twoThreads.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return i * 2;
        });
        assertEquals(numbers(10 * SpareCores.MIN_SHARED).stream().map(i -> i * 2).toList(), out);
        assertTrue(threads.size() > 1, "mapped by " + threads);
    }

    @Test
    void whatTheFunctionThrowsIsThrownAfterTheOtherChunks() {
        IllegalStateException failure = new IllegalStateException("item 300");
        Set<Integer> mapped = ConcurrentHashMap.newKeySet();
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> SpareCores.map(numbers(1000), i -> {
            if (i == 300) {
                throw failure;
            }
            mapped.add(i);
            return i;
        }));
        assertSame(failure, thrown);
        assertTrue(mapped.size() >= 999 - 15, "the other chunks are still mapped: " + mapped.size());
    }

    @Test
    void anErrorIsThrownAsItself() {
        StackOverflowError error = new StackOverflowError("deep");
        assertSame(error, assertThrows(StackOverflowError.class, () -> SpareCores.map(numbers(1000), i -> {
            if (i == 999) {
                throw error;
            }
            return i;
        })));
    }
}
