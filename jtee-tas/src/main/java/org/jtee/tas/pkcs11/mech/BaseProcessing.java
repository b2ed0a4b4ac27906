package org.jtee.tas.pkcs11.mech;

import java.nio.ByteBuffer;
import org.jtee.tas.pkcs11.Ck;
import org.jtee.tas.pkcs11.CkException;

/**
 * What every {@link Processing} shares: its function, mechanism and part rule, and the answer to
 * a step its family does not have ({@code CKR_FUNCTION_FAILED}; the session's state machine
 * normally keeps such steps away).
 */
abstract class BaseProcessing implements Processing {
    private final int function;
    private final int mechanism;
    private final boolean multiPart;

    BaseProcessing(int function, int mechanism, boolean multiPart) {
        this.function = function;
        this.mechanism = mechanism;
        this.multiPart = multiPart;
    }

    @Override
    public final int function() {
        return function;
    }

    @Override
    public final int mechanism() {
        return mechanism;
    }

    @Override
    public final boolean multiPart() {
        return multiPart;
    }

    @Override
    public int update(ByteBuffer in, ByteBuffer out) throws CkException {
        throw unsupported("update");
    }

    @Override
    public void digestKey(KeyView key) throws CkException {
        throw unsupported("digest key");
    }

    @Override
    public int doFinal(ByteBuffer out) throws CkException {
        throw unsupported("final");
    }

    @Override
    public int oneShot(ByteBuffer in, ByteBuffer out) throws CkException {
        throw unsupported("one-shot");
    }

    @Override
    public void verifyFinal(ByteBuffer signature) throws CkException {
        throw unsupported("verify final");
    }

    @Override
    public void verifyOneShot(ByteBuffer in, ByteBuffer signature) throws CkException {
        throw unsupported("verify");
    }

    final boolean encrypting() {
        return function == Ck.FUNCTION_ENCRYPT;
    }

    final boolean signing() {
        return function == Ck.FUNCTION_SIGN;
    }

    private CkException unsupported(String step) {
        return new CkException(Ck.CKR_FUNCTION_FAILED, step + " is not a step of mechanism 0x"
                + Integer.toHexString(mechanism) + " in function " + function);
    }
}
