package org.jtee.xtest.ta.crypt;

import java.util.ArrayList;
import java.util.List;

import org.jtee.common.TeeResult;
import org.jtee.ta.TaPanic;

/**
 * The crypt TA's operation and object handle tables: a handle is its slot's index plus one (0 is
 * {@code TEE_HANDLE_NULL}), freed slots are reused lowest first, and a non-zero handle that names
 * no entry panics the TA, as OP-TEE's crypt TA does.
 */
final class HandleTable<T> {
    private final String kind;
    private final List<T> slots = new ArrayList<>();

    HandleTable(String kind) {
        this.kind = kind;
    }

    /** Registers {@code value} (null too, as the C TA does) and returns its handle. */
    int put(T value) {
        for (int i = 0; i < slots.size(); i++) {
            if (slots.get(i) == null) {
                slots.set(i, value);
                return i + 1;
            }
        }
        slots.add(value);
        return slots.size();
    }

    /** The entry of {@code handle}: null for 0; panics for a handle that names nothing. */
    T lookup(int handle) {
        if (handle == 0) {
            return null;
        }
        T value = handle > 0 && handle <= slots.size() ? slots.get(handle - 1) : null;
        if (value == null) {
            throw new TaPanic(TeeResult.BAD_PARAMETERS, String.format("invalid %s handle 0x%x", kind, handle));
        }
        return value;
    }

    /** Removes and returns the entry of {@code handle} (null for 0); panics for a handle that names nothing. */
    T remove(int handle) {
        T value = lookup(handle);
        if (value != null) {
            slots.set(handle - 1, null);
        }
        return value;
    }
}
