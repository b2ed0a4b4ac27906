package org.jtee.tas.pkcs11;

import java.nio.ByteBuffer;
import org.jtee.ta.MemoryReference;
import org.jtee.tas.pkcs11.mech.Mechanisms;
import org.jtee.tas.pkcs11.mech.Processing;

/**
 * The operation state machine of a session (optee-pkcs11-ta-abi.md §3.2.5, §3.2.6, §8.1)
 * around the mechanism layer's {@link Processing}.
 *
 * <pre>
 *   requested \ last   INIT    UPDATE   ONESHOT*   FINAL*     (* after BUFFER_TOO_SMALL)
 *   UPDATE             ok      ok       ACTIVE     ACTIVE
 *   ONESHOT            ok      ACTIVE   ok         ACTIVE
 *   FINAL              ok      ok       ACTIVE     ok
 * </pre>
 *
 * An UPDATE (or DIGEST_KEY) ends the operation on any status but OK and BUFFER_TOO_SMALL; a
 * ONESHOT or FINAL on any status but BUFFER_TOO_SMALL. A step for a function that is not the
 * active one is OPERATION_NOT_INITIALIZED and leaves the active operation alone.
 */
final class OperationCommands {
    private OperationCommands() {}

    private static final int UPDATE = Session.STEP_UPDATE;
    private static final int ONESHOT = Session.STEP_ONESHOT;
    private static final int FINAL = Session.STEP_FINAL;
    private static final int DIGEST_KEY = 99;

    static void init(Commands cx, Args a, int function) throws CkException {
        Io.expect(cx.params, Io.NONE, Io.NONE);
        Session s = cx.session(a);
        int keyHandle = function == Ck.FUNCTION_DIGEST ? 0 : a.u32();
        Args.Mech mech = a.mech();
        a.done();
        if (s.active != null) {
            throw new CkException(Ck.CKR_OPERATION_ACTIVE, "an operation is active");
        }
        P11Object key = function == Ck.FUNCTION_DIGEST ? null : State.object(s, keyHandle, Ck.CKR_KEY_HANDLE_INVALID);
        Mechanisms.require(mech.id(), function);
        if (key != null && !State.accessible(s, key)) {
            throw new CkException(Ck.CKR_USER_NOT_LOGGED_IN, "private key");
        }
        Processing p = Mechanisms.init(function, mech.id(), mech.paramBuffer(), key);
        s.active = new Session.Active(p, key);
    }

    /** The function of a step command and its kind (UPDATE, ONESHOT, FINAL or DIGEST_KEY). */
    record Step(int function, int kind) {}

    private static final Step ENCRYPT_UPDATE = new Step(Ck.FUNCTION_ENCRYPT, UPDATE);
    private static final Step DECRYPT_UPDATE = new Step(Ck.FUNCTION_DECRYPT, UPDATE);
    private static final Step ENCRYPT_FINAL = new Step(Ck.FUNCTION_ENCRYPT, FINAL);
    private static final Step DECRYPT_FINAL = new Step(Ck.FUNCTION_DECRYPT, FINAL);
    private static final Step ENCRYPT_ONESHOT = new Step(Ck.FUNCTION_ENCRYPT, ONESHOT);
    private static final Step DECRYPT_ONESHOT = new Step(Ck.FUNCTION_DECRYPT, ONESHOT);
    private static final Step SIGN_UPDATE = new Step(Ck.FUNCTION_SIGN, UPDATE);
    private static final Step VERIFY_UPDATE = new Step(Ck.FUNCTION_VERIFY, UPDATE);
    private static final Step SIGN_FINAL = new Step(Ck.FUNCTION_SIGN, FINAL);
    private static final Step VERIFY_FINAL = new Step(Ck.FUNCTION_VERIFY, FINAL);
    private static final Step SIGN_ONESHOT = new Step(Ck.FUNCTION_SIGN, ONESHOT);
    private static final Step VERIFY_ONESHOT = new Step(Ck.FUNCTION_VERIFY, ONESHOT);
    private static final Step DIGEST_KEY_STEP = new Step(Ck.FUNCTION_DIGEST, DIGEST_KEY);
    private static final Step DIGEST_UPDATE = new Step(Ck.FUNCTION_DIGEST, UPDATE);
    private static final Step DIGEST_FINAL = new Step(Ck.FUNCTION_DIGEST, FINAL);
    private static final Step DIGEST_ONESHOT = new Step(Ck.FUNCTION_DIGEST, ONESHOT);

    /** The step a step command asks for; null for other IDs. */
    static Step stepOf(int command) {
        return switch (command) {
            case Ck.CMD_ENCRYPT_UPDATE -> ENCRYPT_UPDATE;
            case Ck.CMD_DECRYPT_UPDATE -> DECRYPT_UPDATE;
            case Ck.CMD_ENCRYPT_FINAL -> ENCRYPT_FINAL;
            case Ck.CMD_DECRYPT_FINAL -> DECRYPT_FINAL;
            case Ck.CMD_ENCRYPT_ONESHOT -> ENCRYPT_ONESHOT;
            case Ck.CMD_DECRYPT_ONESHOT -> DECRYPT_ONESHOT;
            case Ck.CMD_SIGN_UPDATE -> SIGN_UPDATE;
            case Ck.CMD_VERIFY_UPDATE -> VERIFY_UPDATE;
            case Ck.CMD_SIGN_FINAL -> SIGN_FINAL;
            case Ck.CMD_VERIFY_FINAL -> VERIFY_FINAL;
            case Ck.CMD_SIGN_ONESHOT -> SIGN_ONESHOT;
            case Ck.CMD_VERIFY_ONESHOT -> VERIFY_ONESHOT;
            case Ck.CMD_DIGEST_KEY -> DIGEST_KEY_STEP;
            case Ck.CMD_DIGEST_UPDATE -> DIGEST_UPDATE;
            case Ck.CMD_DIGEST_FINAL -> DIGEST_FINAL;
            case Ck.CMD_DIGEST_ONESHOT -> DIGEST_ONESHOT;
            default -> null;
        };
    }

    static void step(Commands cx, Args a, int command) throws CkException {
        Step asked = stepOf(command);
        if (asked == null) {
            throw new CkException(Ck.CKR_ARGUMENTS_BAD, "command " + command);
        }
        Io.expectNoP3(cx.params);
        Session s = cx.session(a);
        int keyHandle = asked.kind() == DIGEST_KEY ? a.u32() : 0;
        a.done();
        Session.Active op = s.active;
        if (op == null || op.processing.function() != asked.function()) {
            throw new CkException(Ck.CKR_OPERATION_NOT_INITIALIZED, "no such operation is active");
        }
        int step = asked.kind() == DIGEST_KEY ? UPDATE : asked.kind();
        try {
            run(cx, s, op, asked.function(), asked.kind(), step, keyHandle);
            op.step = step;
            if (step != UPDATE) {
                s.release();
            }
        } catch (CkException e) {
            if (e.rv() == Ck.CKR_BUFFER_TOO_SMALL) {
                op.step = step;
            } else {
                s.release();
            }
            throw e;
        }
    }

    private static void run(Commands cx, Session s, Session.Active op, int function, int kind, int step, int keyHandle)
            throws CkException {
        if (op.key != null && op.key.flag(Ck.CKA_ALWAYS_AUTHENTICATE)) {
            throw new CkException(Ck.CKR_USER_NOT_LOGGED_IN, "the key needs a context-specific login");
        }
        boolean allowed = switch (step) {
            case UPDATE -> op.step == Session.STEP_INIT || op.step == UPDATE;
            case ONESHOT -> op.step == Session.STEP_INIT || op.step == ONESHOT;
            default -> op.step != ONESHOT;
        };
        if (!allowed) {
            throw new CkException(Ck.CKR_OPERATION_ACTIVE, "step out of order");
        }
        Processing p = op.processing;
        if (step == UPDATE && !p.multiPart()) {
            throw new CkException(Ck.CKR_MECHANISM_INVALID, "single-part mechanism");
        }
        if (kind == DIGEST_KEY) {
            P11Object key = State.object(s, keyHandle, Ck.CKR_KEY_HANDLE_INVALID);
            if (!State.accessible(s, key)) {
                throw new CkException(Ck.CKR_KEY_HANDLE_INVALID, "key " + Integer.toUnsignedString(keyHandle));
            }
            p.digestKey(key);
            return;
        }
        boolean verify = function == Ck.FUNCTION_VERIFY;
        ByteBuffer in = Io.input(cx.params, 1);
        MemoryReference outRef = verify || (step == UPDATE && function != Ck.FUNCTION_ENCRYPT
                && function != Ck.FUNCTION_DECRYPT) ? null : Io.memref(cx.params, 2);
        if (outRef != null && !org.jtee.common.ParamTypes.isOutput(outRef.type())) {
            throw new CkException(Ck.CKR_ARGUMENTS_BAD, "parameter 2 is not an output buffer");
        }
        ByteBuffer out = outRef == null ? null : Io.outputBuffer(outRef);
        try {
            switch (step) {
                case UPDATE -> setSize(outRef, p.update(in, out));
                case FINAL -> {
                    if (function == Ck.FUNCTION_DIGEST && in != null) {
                        throw new CkException(Ck.CKR_ARGUMENTS_BAD, "DIGEST_FINAL takes no input");
                    }
                    if (verify) {
                        p.verifyFinal(Io.input(cx.params, 2));
                    } else {
                        setSize(outRef, p.doFinal(out));
                    }
                }
                default -> {
                    if (verify) {
                        p.verifyOneShot(in, Io.input(cx.params, 2));
                    } else {
                        setSize(outRef, p.oneShot(in, out));
                    }
                }
            }
        } catch (CkException e) {
            if (e.rv() == Ck.CKR_BUFFER_TOO_SMALL && outRef != null && e.required() >= 0) {
                outRef.setSize(e.required());
            }
            throw e;
        }
    }

    private static void setSize(MemoryReference out, int written) {
        if (out != null) {
            out.setSize(written);
        }
    }

    static void release(Commands cx, Args a) throws CkException {
        Io.expect(cx.params, Io.NONE, Io.NONE);
        Session s = cx.session(a);
        int command = a.u32();
        a.done();
        Step asked = stepOf(command);
        if (asked == null) {
            throw new CkException(Ck.CKR_ARGUMENTS_BAD, "command " + command + " has no operation");
        }
        if (s.active == null || s.active.processing.function() != asked.function()) {
            throw new CkException(Ck.CKR_OPERATION_NOT_INITIALIZED, "no such operation is active");
        }
        s.release();
    }
}
