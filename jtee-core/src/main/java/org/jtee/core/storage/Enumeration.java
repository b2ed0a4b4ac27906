package org.jtee.core.storage;

/**
 * One persistent-object enumerator ({@code TEE_ObjectEnumHandle} in the core): not started, or
 * walking the numbers of the objects its TA had in one backend when it was started. Only
 * numbers are kept, so an enumerator costs 8 bytes per object; each step reads the object as it
 * is then.
 */
final class Enumeration {
    private Backend backend;
    private long[] numbers;
    private int next;

    /** Not started. */
    void reset() {
        backend = null;
        numbers = null;
        next = 0;
    }

    void start(Backend backend, long[] numbers) {
        this.backend = backend;
        this.numbers = numbers;
        this.next = 0;
    }

    /** False when not started, or past the last object. */
    boolean hasNext() {
        return numbers != null && next < numbers.length;
    }

    long next() {
        return numbers[next++];
    }

    Backend backend() {
        return backend;
    }
}
