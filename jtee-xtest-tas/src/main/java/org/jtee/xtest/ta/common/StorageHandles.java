package org.jtee.xtest.ta.common;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.jtee.common.TeeResult;
import org.jtee.ta.TaPanic;

/**
 * The storage TA's handles: the raw 32-bit values the client holds for the instance's persistent
 * objects, transient objects and enumerators, in one space, as OP-TEE's handles are distinct
 * for all three. A handle is its slot's index plus one (0 is {@code TEE_HANDLE_NULL} and names
 * nothing); freed slots are reused lowest first. A handle that names nothing, or an entry of the
 * wrong kind, panics the TA, as OP-TEE's libutee panics on the error its system call returns for
 * such a handle. Whether 0 is a no-op or a panic depends on the GP function, so callers decide
 * that before asking the table. Not thread-safe: an instance serves one call at a time.
 */
final class StorageHandles {
    private final List<Object> slots = new ArrayList<>();

    /** Registers {@code value} and returns its handle, never 0. */
    int put(Object value) {
        Objects.requireNonNull(value, "value");
        for (int i = 0; i < slots.size(); i++) {
            if (slots.get(i) == null) {
                slots.set(i, value);
                return i + 1;
            }
        }
        slots.add(value);
        return slots.size();
    }

    /**
     * The entry of {@code handle}, which must be of {@code kind}.
     *
     * @throws TaPanic {@code TEE_ERROR_BAD_PARAMETERS} if the handle names nothing (0 included);
     *     {@code wrongKindCode} if it names an entry of another kind
     */
    <T> T get(int handle, Class<T> kind, int wrongKindCode) {
        Object value = get(handle);
        if (!kind.isInstance(value)) {
            throw new TaPanic(wrongKindCode, String.format("handle 0x%x is a %s, not a %s",
                    handle, value.getClass().getSimpleName(), kind.getSimpleName()));
        }
        return kind.cast(value);
    }

    /**
     * The entry of {@code handle}, of any kind.
     *
     * @throws TaPanic {@code TEE_ERROR_BAD_PARAMETERS} if the handle names nothing (0 included)
     */
    Object get(int handle) {
        Object value = handle > 0 && handle <= slots.size() ? slots.get(handle - 1) : null;
        if (value == null) {
            throw new TaPanic(TeeResult.BAD_PARAMETERS, String.format("handle 0x%x names nothing", handle));
        }
        return value;
    }

    /** Forgets {@code handle}; the caller has closed or freed its entry. */
    void remove(int handle) {
        get(handle);
        slots.set(handle - 1, null);
    }

    /** Forgets every handle and returns their entries, for the instance's end. */
    List<Object> removeAll() {
        List<Object> all = slots.stream().filter(Objects::nonNull).toList();
        slots.clear();
        return all;
    }
}
