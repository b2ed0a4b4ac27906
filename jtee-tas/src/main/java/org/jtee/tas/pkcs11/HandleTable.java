package org.jtee.tas.pkcs11;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * 32-bit handles of one client (sessions, or objects): from 1 up, the lowest free value first, as
 * the reference TA hands them out; 0 and 0xFFFFFFFF never name anything. A handle can be
 * {@linkplain #kill killed}: it then names nothing but is not reused (a token object another
 * client destroyed, optee-pkcs11-ta-abi.md §6.6). Bounded by {@code max} live and killed
 * handles together.
 */
final class HandleTable<T> {
    private final Map<Integer, T> entries = new HashMap<>();
    private final TreeSet<Integer> free = new TreeSet<>();
    private final int max;
    private int next = 1;
    private int killed;

    HandleTable(int max) {
        this.max = max;
    }

    /** The entry of {@code handle}, or null. */
    T get(int handle) {
        return entries.get(handle);
    }

    /** Live entries. */
    int size() {
        return entries.size();
    }

    /** Whether one more handle would pass the bound. */
    boolean full() {
        return entries.size() + killed >= max;
    }

    /** The handle {@link #add} gives next. */
    int peek() {
        return free.isEmpty() ? next : free.first();
    }

    /** A new handle for {@code value}; {@code CKR_DEVICE_MEMORY} past the bound. */
    int add(T value) throws CkException {
        if (full()) {
            throw new CkException(Ck.CKR_DEVICE_MEMORY, "no more than " + max + " handles");
        }
        Integer h = free.pollFirst();
        int handle = h != null ? h : next++;
        entries.put(handle, value);
        return handle;
    }

    /** Frees {@code handle} for reuse. */
    void remove(int handle) {
        if (entries.remove(handle) != null) {
            free.add(handle);
        }
    }

    /** Makes {@code handle} name nothing, for good. */
    void kill(int handle) {
        if (entries.remove(handle) != null) {
            killed++;
        }
    }

    Iterable<Map.Entry<Integer, T>> entries() {
        return entries.entrySet();
    }
}
