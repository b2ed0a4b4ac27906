package org.jtee.tas.pkcs11.mech;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.jtee.tas.pkcs11.CkException;
import org.junit.jupiter.api.function.Executable;

/** Asserts a PKCS#11 return code. */
final class Fail {
    private Fail() {}

    static CkException rv(int expected, Executable call) {
        CkException e = assertThrows(CkException.class, call);
        assertEquals(Integer.toHexString(expected), Integer.toHexString(e.rv()), e.getMessage());
        return e;
    }
}
