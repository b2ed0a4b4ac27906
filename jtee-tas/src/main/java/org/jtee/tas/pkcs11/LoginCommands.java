package org.jtee.tas.pkcs11;

import java.util.Arrays;
import org.jtee.ta.Identity;

/**
 * Token initialisation, PINs and login (optee-pkcs11-ta-abi.md §3.2.3, §6.2–§6.5).
 *
 * <p>A PIN check follows the reference TA and is write-ahead: the failure counter is raised,
 * COUNT_LOW (FINAL_TRY at 6, LOCKED at 7) set and the token record committed <em>before</em> the
 * PIN is compared, so that no crash or kill can grant a free guess; a match then clears them and
 * commits again. A locked PIN stays locked across restarts, because the record says so. In
 * identity mode (§6.4) the client's TEE identity is compared instead and no counter moves. PINs
 * are wiped from memory once used.
 */
final class LoginCommands {
    private LoginCommands() {}

    static void initToken(Commands cx, Args a) throws CkException {
        Io.expect(cx.params, Io.NONE, Io.NONE);
        int slot = a.u32();
        int pinLen = a.u32();
        byte[] label = a.bytes(32);
        byte[] pin = a.bytes(pinLen);
        try {
            a.done();
            Token t = cx.state.token(slot);
            if ((t.flags & Ck.CKF_SO_PIN_LOCKED) != 0) {
                throw new CkException(Ck.CKR_PIN_LOCKED, "SO PIN locked");
            }
            if (t.sessionCount > 0) {
                throw new CkException(Ck.CKR_SESSION_EXISTS, "sessions are open on token " + slot);
            }
            byte[] so;
            if (t.initialized()) {
                checkSoForInit(cx, t, pin);
                so = t.soCredential;
            } else if (pin.length == 0) {
                so = Pins.identity(cx.client.identity);
            } else if (pin.length < Limits.MIN_PIN_BYTES || pin.length > Limits.MAX_PIN_BYTES) {
                throw new CkException(Ck.CKR_ARGUMENTS_BAD, "SO PIN of " + pin.length + " bytes");
            } else {
                so = Pins.verifier(pin);
            }
            reinitialise(cx.state, t, so, label);
        } finally {
            Arrays.fill(pin, (byte) 0);
        }
    }

    /** C_InitToken on an initialised token: the SO must prove itself; failures always say PIN_INCORRECT. */
    private static void checkSoForInit(Commands cx, Token t, byte[] pin) throws CkException {
        if (t.identityMode()) {
            if (!Pins.matches(t.soCredential, cx.client.identity)) {
                throw new CkException(Ck.CKR_PIN_INCORRECT, "not the SO's identity");
            }
            return;
        }
        raiseSoFailures(t);
        if (!Pins.matches(t.soCredential, pin)) {
            throw new CkException(Ck.CKR_PIN_INCORRECT, "wrong SO PIN");
        }
    }

    /**
     * The token record of a new generation is committed first; then the old generation's objects
     * are deleted (a crash in between leaves objects the next start deletes, never a token with
     * some of its old objects).
     */
    private static void reinitialise(State state, Token t, byte[] so, byte[] label) throws CkException {
        byte[] before = t.encode();
        t.generation++;
        t.soCredential = so;
        t.soFailures = 0;
        t.userFailures = 0;
        t.userCredential = new byte[Pins.CREDENTIAL_BYTES];
        t.label = label;
        t.flags = (t.flags & ~(Token.SO_PIN_FLAGS | Token.USER_PIN_FLAGS | Ck.CKF_USER_PIN_INITIALIZED
                | Ck.CKF_PROTECTED_AUTHENTICATION_PATH)) | Ck.CKF_TOKEN_INITIALIZED
                | (Pins.kind(so) == Pins.IDENTITY ? Ck.CKF_PROTECTED_AUTHENTICATION_PATH : 0);
        t.saveOrRestore(before);
        for (P11Object o : t.objects.all().toArray(new P11Object[0])) {
            try {
                state.destroy(o);
            } catch (CkException e) {
                // left in storage under the old generation: deleted at the next start
                t.removeObject(o);
                o.destroy();
            }
        }
    }

    static void initPin(Commands cx, Args a) throws CkException {
        Io.expect(cx.params, Io.NONE, Io.NONE);
        Session s = cx.session(a);
        int pinLen = a.u32();
        byte[] pin = a.bytes(pinLen);
        try {
            a.done();
            if (!s.isSo()) {
                throw new CkException(Ck.CKR_USER_NOT_LOGGED_IN, "C_InitPIN needs the SO");
            }
            setUserCredential(cx, s.token, pin);
        } finally {
            Arrays.fill(pin, (byte) 0);
        }
    }

    private static void setUserCredential(Commands cx, Token t, byte[] pin) throws CkException {
        byte[] credential = newCredential(cx, t, pin);
        byte[] before = t.encode();
        t.userCredential = credential;
        t.userFailures = 0;
        t.flags = (t.flags & ~Token.USER_PIN_FLAGS) | Ck.CKF_USER_PIN_INITIALIZED;
        t.saveOrRestore(before);
    }

    /** A new credential: an ACL identity in identity mode, else a verifier of a PIN of allowed length. */
    private static byte[] newCredential(Commands cx, Token t, byte[] pin) throws CkException {
        if (t.identityMode()) {
            Identity id = Pins.parseAcl(pin, cx.client.identity);
            if (id == null) {
                throw new CkException(Ck.CKR_PIN_INVALID, "not an ACL string");
            }
            return Pins.identity(id);
        }
        checkLength(pin);
        return Pins.verifier(pin);
    }

    private static void checkLength(byte[] pin) throws CkException {
        if (pin.length < Limits.MIN_PIN_BYTES || pin.length > Limits.MAX_PIN_BYTES) {
            throw new CkException(Ck.CKR_PIN_LEN_RANGE, "PIN of " + pin.length + " bytes");
        }
    }

    static void setPin(Commands cx, Args a) throws CkException {
        Io.expect(cx.params, Io.NONE, Io.NONE);
        Session s = cx.session(a);
        int oldLen = a.u32();
        int newLen = a.u32();
        byte[] oldPin = a.bytes(oldLen);
        byte[] newPin = a.bytes(newLen);
        try {
            a.done();
            if (!s.rw) {
                throw new CkException(Ck.CKR_SESSION_READ_ONLY, "C_SetPIN needs a R/W session");
            }
            Token t = s.token;
            if (s.isSo()) {
                check(cx, t, Ck.CKU_SO, oldPin);
                setSoCredential(cx, t, newPin);
            } else {
                if (!t.userPinSet()) {
                    throw new CkException(Ck.CKR_GENERAL_ERROR, "no user PIN to change");
                }
                check(cx, t, Ck.CKU_USER, oldPin);
                setUserCredential(cx, t, newPin);
            }
        } finally {
            Arrays.fill(oldPin, (byte) 0);
            Arrays.fill(newPin, (byte) 0);
        }
    }

    /** The SO's new credential, switching between PIN and identity mode while no user PIN exists (§6.4). */
    private static void setSoCredential(Commands cx, Token t, byte[] pin) throws CkException {
        byte[] credential;
        if (t.identityMode()) {
            Identity id = Pins.parseAcl(pin, cx.client.identity);
            if (id != null) {
                credential = Pins.identity(id);
            } else if (!t.userPinSet()) {
                checkLength(pin);
                credential = Pins.verifier(pin);
            } else {
                throw new CkException(Ck.CKR_PIN_INVALID, "not an ACL string");
            }
        } else if (pin.length == 0 && !t.userPinSet()) {
            credential = Pins.identity(cx.client.identity);
        } else {
            checkLength(pin);
            credential = Pins.verifier(pin);
        }
        byte[] before = t.encode();
        t.soCredential = credential;
        t.soFailures = 0;
        t.flags = (t.flags & ~(Token.SO_PIN_FLAGS | Ck.CKF_PROTECTED_AUTHENTICATION_PATH))
                | (Pins.kind(credential) == Pins.IDENTITY ? Ck.CKF_PROTECTED_AUTHENTICATION_PATH : 0);
        t.saveOrRestore(before);
    }

    static void login(Commands cx, Args a) throws CkException {
        Io.expect(cx.params, Io.NONE, Io.NONE);
        Session s = cx.session(a);
        int userType = a.u32();
        int pinLen = a.u32();
        byte[] pin = a.bytes(pinLen);
        try {
            a.done();
            Client c = cx.client;
            switch (userType) {
                case Ck.CKU_SO -> {
                    if (s.isSo()) {
                        throw new CkException(Ck.CKR_USER_ALREADY_LOGGED_IN, "already SO");
                    }
                    if (s.isUser()) {
                        throw new CkException(Ck.CKR_USER_ANOTHER_ALREADY_LOGGED_IN, "logged in as user");
                    }
                    for (Session o : c.sessionsOn(s.token)) {
                        if (!o.rw) {
                            throw new CkException(Ck.CKR_SESSION_READ_ONLY_EXISTS, "a R/O session is open");
                        }
                    }
                    check(cx, s.token, Ck.CKU_SO, pin);
                    c.login[s.token.index] = Client.SO;
                }
                case Ck.CKU_USER -> {
                    if (s.isSo()) {
                        throw new CkException(Ck.CKR_USER_ANOTHER_ALREADY_LOGGED_IN, "logged in as SO");
                    }
                    if (s.isUser()) {
                        throw new CkException(Ck.CKR_USER_ALREADY_LOGGED_IN, "already user");
                    }
                    check(cx, s.token, Ck.CKU_USER, pin);
                    c.login[s.token.index] = Client.USER;
                }
                case Ck.CKU_CONTEXT_SPECIFIC -> throw new CkException(Ck.CKR_OPERATION_NOT_INITIALIZED,
                        "context-specific login is not supported");
                default -> throw new CkException(Ck.CKR_USER_TYPE_INVALID, "user type " + userType);
            }
        } finally {
            Arrays.fill(pin, (byte) 0);
        }
    }

    static void logout(Commands cx, Args a) throws CkException {
        Io.expect(cx.params, Io.NONE, Io.NONE);
        Session s = cx.session(a);
        a.done();
        if (s.login() == Client.PUBLIC) {
            throw new CkException(Ck.CKR_USER_NOT_LOGGED_IN, "not logged in");
        }
        cx.state.logout(cx.client, s.token);
    }

    /** The PIN check of §6.3 for {@code userType} (SO or USER). */
    static void check(Commands cx, Token t, int userType, byte[] pin) throws CkException {
        boolean so = userType == Ck.CKU_SO;
        if (!so && !t.userPinSet()) {
            throw new CkException(Ck.CKR_USER_PIN_NOT_INITIALIZED, "no user PIN");
        }
        byte[] credential = so ? t.soCredential : t.userCredential;
        if (Pins.kind(credential) == Pins.IDENTITY) {
            if (!Pins.matches(credential, cx.client.identity)) {
                throw new CkException(Ck.CKR_PIN_INCORRECT, "not the expected identity");
            }
            return;
        }
        int locked = so ? Ck.CKF_SO_PIN_LOCKED : Ck.CKF_USER_PIN_LOCKED;
        if ((t.flags & locked) != 0) {
            throw new CkException(Ck.CKR_PIN_LOCKED, "PIN locked");
        }
        if (so) {
            raiseSoFailures(t);
        } else {
            raiseUserFailures(t);
        }
        if (!Pins.matches(credential, pin)) {
            throw new CkException((t.flags & locked) != 0 ? Ck.CKR_PIN_LOCKED : Ck.CKR_PIN_INCORRECT, "wrong PIN");
        }
        byte[] before = t.encode();
        if (so) {
            t.soFailures = 0;
            t.flags &= ~(Ck.CKF_SO_PIN_COUNT_LOW | Ck.CKF_SO_PIN_FINAL_TRY | Ck.CKF_SO_PIN_LOCKED);
        } else {
            t.userFailures = 0;
            t.flags &= ~(Ck.CKF_USER_PIN_COUNT_LOW | Ck.CKF_USER_PIN_FINAL_TRY | Ck.CKF_USER_PIN_LOCKED);
        }
        t.saveOrRestore(before);
    }

    /** Counts one SO failure ahead of the comparison, and commits it. */
    private static void raiseSoFailures(Token t) throws CkException {
        byte[] before = t.encode();
        t.soFailures++;
        t.flags |= Ck.CKF_SO_PIN_COUNT_LOW | flagsAt(t.soFailures, Ck.CKF_SO_PIN_FINAL_TRY, Ck.CKF_SO_PIN_LOCKED);
        t.saveOrRestore(before);
    }

    private static void raiseUserFailures(Token t) throws CkException {
        byte[] before = t.encode();
        t.userFailures++;
        t.flags |= Ck.CKF_USER_PIN_COUNT_LOW | flagsAt(t.userFailures, Ck.CKF_USER_PIN_FINAL_TRY, Ck.CKF_USER_PIN_LOCKED);
        t.saveOrRestore(before);
    }

    private static int flagsAt(int failures, int finalTry, int locked) {
        return (failures == Limits.MAX_PIN_FAILURES - 1 ? finalTry : 0) | (failures >= Limits.MAX_PIN_FAILURES ? locked : 0);
    }
}
