package org.jtee.xtest.ta.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.jtee.common.TeeResult;
import org.jtee.ta.TaPanic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The storage TA's handle table: raw non-zero handles, reuse, and a panic for every miss. */
class StorageHandlesTest {
    private final StorageHandles handles = new StorageHandles();

    @Test
    void put_givesNonZeroHandlesInOrder() {
        assertEquals(1, handles.put("a"));
        assertEquals(2, handles.put("b"));
        assertEquals(3, handles.put(4));
        assertSame("b", handles.get(2));
    }

    @Test
    void put_reusesTheLowestFreedSlot() {
        handles.put("a");
        handles.put("b");
        handles.put("c");
        handles.remove(2);
        handles.remove(1);
        assertEquals(1, handles.put("d"));
        assertEquals(2, handles.put("e"));
        assertEquals(4, handles.put("f"));
    }

    @Test
    void get_ofNullHandle_panics() {
        handles.put("a");
        assertPanics(TeeResult.BAD_PARAMETERS, () -> handles.get(0));
    }

    @Test
    void get_ofHandleNamingNothing_panics() {
        handles.put("a");
        assertPanics(TeeResult.BAD_PARAMETERS, () -> handles.get(0xFFFFBAD0));
        assertPanics(TeeResult.BAD_PARAMETERS, () -> handles.get(2));
        assertPanics(TeeResult.BAD_PARAMETERS, () -> handles.get(-1));
    }

    @Test
    void get_ofRemovedHandle_panics() {
        int handle = handles.put("a");
        handles.remove(handle);
        assertPanics(TeeResult.BAD_PARAMETERS, () -> handles.get(handle));
        assertPanics(TeeResult.BAD_PARAMETERS, () -> handles.remove(handle));
    }

    @Test
    void get_ofWrongKind_panicsWithTheGivenCode() {
        int handle = handles.put("a string");
        assertEquals("a string", handles.get(handle, String.class, TeeResult.BAD_STATE));
        assertPanics(TeeResult.BAD_STATE, () -> handles.get(handle, Integer.class, TeeResult.BAD_STATE));
    }

    @Test
    void put_ofNull_isRefused() {
        assertThrows(NullPointerException.class, () -> handles.put(null));
    }

    @Test
    void removeAll_returnsEveryEntryAndForgetsThem() {
        int a = handles.put("a");
        int b = handles.put("b");
        handles.put("c");
        handles.remove(b);
        assertEquals(List.of("a", "c"), handles.removeAll());
        assertPanics(TeeResult.BAD_PARAMETERS, () -> handles.get(a));
        assertEquals(1, handles.put("d"));
    }

    private static void assertPanics(int code, Executable call) {
        TaPanic panic = assertThrows(TaPanic.class, call);
        assertEquals(code, panic.code(), panic.getMessage());
    }
}
