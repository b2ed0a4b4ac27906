package org.jtee.os;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ErrnoExceptionTest {
    @Test
    void message_namesCallTextAndNumber() {
        ErrnoException e = new ErrnoException("accept4", 24);
        assertEquals("accept4: Too many open files (errno 24)", e.getMessage());
        assertEquals(24, e.errno());
    }

    @Test
    void message_ofUnknownErrno_stillNamesTheNumber() {
        assertEquals("recv: Unknown error 9999 (errno 9999)", new ErrnoException("recv", 9999).getMessage());
    }
}
