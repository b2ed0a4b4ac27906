package org.jtee.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * Field-wise comparison of messages. Records holding a {@code byte[]} ({@link WireParam.TempMem})
 * compare arrays by identity, so temporary memory is compared field by field here.
 */
final class MessageAssert {
    private MessageAssert() {}

    static void assertMessageEquals(Message expected, Message actual) {
        assertEquals(expected.getClass(), actual.getClass(), "message class");
        assertEquals(expected.type(), actual.type(), "message type");
        WireParams pe = params(expected);
        if (pe != null) {
            assertParamsEqual(pe, params(actual));
        }
        assertEquals(expected, actual);
    }

    static void assertParamsEqual(WireParams expected, WireParams actual) {
        for (int i = 0; i < 4; i++) {
            WireParam e = expected.get(i);
            WireParam a = actual.get(i);
            if (e instanceof WireParam.TempMem t) {
                WireParam.TempMem u = assertInstanceOf(WireParam.TempMem.class, a, "slot " + i);
                assertEquals(t.type(), u.type(), "slot " + i + " type");
                assertEquals(t.isNull(), u.isNull(), "slot " + i + " NULL flag");
                assertEquals(t.size(), u.size(), "slot " + i + " size");
                assertArrayEquals(t.data(), u.data(), "slot " + i + " data");
            } else {
                assertEquals(e, a, "slot " + i);
            }
        }
        assertEquals(expected.types(), actual.types(), "packed types");
        assertEquals(expected, actual);
    }

    /** The parameter slots of a message that has them, else null. */
    static WireParams params(Message m) {
        if (m instanceof Message.OpenSession o) {
            return o.params();
        } else if (m instanceof Message.OpenSessionReply o) {
            return o.params();
        } else if (m instanceof Message.Invoke i) {
            return i.params();
        } else if (m instanceof Message.InvokeReply i) {
            return i.params();
        } else if (m instanceof Message.HostOpen h) {
            return h.params();
        } else if (m instanceof Message.RpcRequest r) {
            return r.params();
        } else if (m instanceof Message.TaOpenSession o) {
            return o.params();
        } else if (m instanceof Message.TaInvoke i) {
            return i.params();
        }
        return null;
    }
}
