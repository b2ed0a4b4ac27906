package org.jtee.tas.pkcs11.mech;

import java.nio.ByteBuffer;
import org.jtee.tas.pkcs11.CkException;

/**
 * One active operation of a session (encrypt, decrypt, digest, sign or verify), made by
 * {@link Mechanisms#init}. The session tracks the step state machine (INIT, UPDATE, ONESHOT,
 * FINAL: optee-pkcs11-ta-abi.md §8.1) and releases the processing as that section says; this
 * object does the work of one step. Inputs are null when the client sent no buffer (parameter
 * type NONE) and a buffer of zero remaining bytes when it sent an empty one; each method applies
 * its mechanism family's presence rule. A step that needs more output room than {@code out} has
 * throws {@link CkException#shortBuffer(int)} without absorbing anything; the client may retry.
 * Outputs are written from {@code out}'s position; methods return the bytes written.
 */
public interface Processing extends AutoCloseable {
    /** {@code Ck.FUNCTION_*}. */
    int function();

    /** The {@code CKM_*} it runs. */
    int mechanism();

    /** False for single-part mechanisms: an UPDATE step gets {@code CKR_MECHANISM_INVALID}. */
    boolean multiPart();

    /** Encrypt, decrypt, sign, verify or digest UPDATE. Sign, verify and digest write nothing ({@code out} may be null). */
    int update(ByteBuffer in, ByteBuffer out) throws CkException;

    /** C_DigestKey: absorbs a secret key's value. */
    void digestKey(KeyView key) throws CkException;

    /** Encrypt, decrypt, sign or digest FINAL. */
    int doFinal(ByteBuffer out) throws CkException;

    /** Encrypt, decrypt, sign or digest ONESHOT. */
    int oneShot(ByteBuffer in, ByteBuffer out) throws CkException;

    /** VERIFY_FINAL; {@code CKR_SIGNATURE_INVALID} or {@code CKR_SIGNATURE_LEN_RANGE} as thrown. */
    void verifyFinal(ByteBuffer signature) throws CkException;

    /** VERIFY_ONESHOT. */
    void verifyOneShot(ByteBuffer in, ByteBuffer signature) throws CkException;

    /** Wipes the operation's key material and state. */
    @Override
    void close();
}
