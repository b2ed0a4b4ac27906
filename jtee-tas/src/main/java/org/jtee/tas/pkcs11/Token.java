package org.jtee.tas.pkcs11;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jtee.common.TeeException;

/**
 * One token (slot): its persistent record — label, flags, PIN failure counters, SO and user
 * credentials, and the generation its objects belong to — its token objects, and the session
 * counts of every client. The record is rewritten whole at every change ({@link #save}).
 *
 * <pre>
 * token record "pkcs11.token.N", 168 bytes, little-endian:
 *    0  [4]  magic "P11T"
 *    4  u32  format version (1)
 *    8  u32  generation: token objects of another generation are left over from an
 *            interrupted C_InitToken and are deleted when the TA starts
 *   12  [32] label, blank padded (32 x '*' before the first C_InitToken)
 *   44  u32  token flags (CKF_*)
 *   48  u32  SO PIN failures since the last success
 *   52  u32  user PIN failures since the last success
 *   56  [56] SO credential   (Pins: none, PIN verifier or identity)
 *  112  [56] user credential
 * </pre>
 */
final class Token {
    static final int RECORD_BYTES = 168;
    private static final byte[] MAGIC = {'P', '1', '1', 'T'};
    private static final int VERSION = 1;
    static final int ALWAYS = Ck.CKF_RNG | Ck.CKF_LOGIN_REQUIRED;
    static final int USER_PIN_FLAGS = Ck.CKF_USER_PIN_COUNT_LOW | Ck.CKF_USER_PIN_FINAL_TRY | Ck.CKF_USER_PIN_LOCKED
            | Ck.CKF_USER_PIN_TO_BE_CHANGED;
    static final int SO_PIN_FLAGS = Ck.CKF_SO_PIN_COUNT_LOW | Ck.CKF_SO_PIN_FINAL_TRY | Ck.CKF_SO_PIN_LOCKED
            | Ck.CKF_SO_PIN_TO_BE_CHANGED;

    final int index;
    int generation;
    byte[] label = new byte[32];
    int flags;
    int soFailures;
    int userFailures;
    byte[] soCredential = new byte[Pins.CREDENTIAL_BYTES];
    byte[] userCredential = new byte[Pins.CREDENTIAL_BYTES];

    int sessionCount;
    int rwSessionCount;
    final ObjectIndex objects = new ObjectIndex();

    Token(int index) {
        this.index = index;
        Arrays.fill(label, (byte) '*');
        flags = ALWAYS | Ck.CKF_SO_PIN_TO_BE_CHANGED | Ck.CKF_USER_PIN_TO_BE_CHANGED;
    }

    boolean initialized() {
        return (flags & Ck.CKF_TOKEN_INITIALIZED) != 0;
    }

    boolean userPinSet() {
        return (flags & Ck.CKF_USER_PIN_INITIALIZED) != 0;
    }

    /** Identity mode: the SO credential is a TEE identity (§6.4). */
    boolean identityMode() {
        return Pins.kind(soCredential) == Pins.IDENTITY;
    }

    byte[] encode() {
        byte[] b = new byte[RECORD_BYTES];
        System.arraycopy(MAGIC, 0, b, 0, 4);
        Template.putU32(b, 4, VERSION);
        Template.putU32(b, 8, generation);
        System.arraycopy(label, 0, b, 12, 32);
        Template.putU32(b, 44, flags);
        Template.putU32(b, 48, soFailures);
        Template.putU32(b, 52, userFailures);
        System.arraycopy(soCredential, 0, b, 56, Pins.CREDENTIAL_BYTES);
        System.arraycopy(userCredential, 0, b, 112, Pins.CREDENTIAL_BYTES);
        return b;
    }

    /** Restores the record; false (and nothing changed) if {@code b} is not one. */
    boolean decode(byte[] b) {
        if (b.length != RECORD_BYTES || !Arrays.equals(Arrays.copyOf(b, 4), MAGIC) || Template.u32(b, 4) != VERSION) {
            return false;
        }
        generation = Template.u32(b, 8);
        label = Arrays.copyOfRange(b, 12, 44);
        flags = Template.u32(b, 44) | ALWAYS;
        soFailures = Template.u32(b, 48);
        userFailures = Template.u32(b, 52);
        soCredential = Arrays.copyOfRange(b, 56, 112);
        userCredential = Arrays.copyOfRange(b, 112, 168);
        return true;
    }

    /** Writes the record (one atomic commit). */
    void save() throws CkException {
        byte[] b = encode();
        try {
            TokenStorage.write(TokenStorage.recordName(index), b);
        } catch (TeeException e) {
            throw Pkcs11Ta.storageFailure("token record " + index, e);
        } finally {
            Arrays.fill(b, (byte) 0);
        }
    }

    /** {@link #save}, restoring {@code before} in memory if the write fails. */
    void saveOrRestore(byte[] before) throws CkException {
        try {
            save();
        } catch (CkException e) {
            decode(before);
            throw e;
        }
    }

    void addObject(P11Object o) {
        objects.add(o);
    }

    void removeObject(P11Object o) {
        objects.remove(o);
    }

    String labelText() {
        return new String(label, StandardCharsets.US_ASCII);
    }
}
