package org.jtee.tas.pkcs11;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The key material the mechanism layer caches on an object is closed (wiped) whenever it is dropped. */
class P11ObjectTest {
    private static final class Material implements AutoCloseable {
        int closed;

        @Override
        public void close() {
            closed++;
        }
    }

    private static P11Object key() {
        return new P11Object(Map.of(Ck.CKA_CLASS, Template.u32Bytes(Ck.CKO_SECRET_KEY), Ck.CKA_VALUE, new byte[16]),
                null, null, null);
    }

    @Test
    void replacingTheAttributes_closesTheMaterial() {
        P11Object o = key();
        Material m = new Material();
        o.material(m);
        o.replaceAll(Map.of(Ck.CKA_CLASS, Template.u32Bytes(Ck.CKO_SECRET_KEY), Ck.CKA_VALUE, new byte[32]));
        assertEquals(1, m.closed);
        assertNull(o.material());
    }

    @Test
    void destroying_closesTheMaterial() {
        P11Object o = key();
        Material m = new Material();
        o.material(m);
        o.destroy();
        assertEquals(1, m.closed);
    }

    @Test
    void newMaterial_closesTheOld_butNotItself() {
        P11Object o = key();
        Material m = new Material();
        Material n = new Material();
        o.material(m);
        o.material(m);
        assertEquals(0, m.closed);
        o.material(n);
        assertEquals(1, m.closed);
        assertEquals(0, n.closed);
    }
}
