package org.jtee.xtest.ta.subkey2;

import org.jtee.ta.Ta;
import org.jtee.xtest.ta.common.EmptyTa;

/**
 * OP-TEE's subkey2 test TA: every entry point succeeds. In OP-TEE it is signed with an identity
 * sub-key; here it is signed like every other test TA (xtest 1039 only opens a session).
 */
@Ta(uuid = Subkey2Ta.UUID, version = "1.0", stackSize = 2 * 1024, dataSize = 2 * 1024,
        description = "xtest: subkey2, an empty TA")
public final class Subkey2Ta extends EmptyTa {
    public static final String UUID = "a720ccbb-51da-417d-b82e-e5445d474a7a";
}
