package org.jtee.tas.pkcs11;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;
import org.jtee.common.LoginMethod;
import org.jtee.common.Uuids;
import org.jtee.ta.Identity;
import org.jtee.ta.Tee;

/**
 * PIN verifiers and TEE identities, as a token stores its SO and user credentials.
 *
 * <p>A PIN is never stored: the verifier is PBKDF2-HMAC-SHA256 (RFC 8018 §5.2) of the PIN with a
 * 16-byte random salt, {@link #ITERATIONS} iterations, 32 bytes of output; verification
 * recomputes it with the stored salt and iteration count and compares in constant time. In
 * identity mode (optee-pkcs11-ta-abi.md §6.4) the credential is a GP client identity (login
 * method and client UUID) instead.
 *
 * <pre>
 * credential, 56 bytes, little-endian:
 *   0  u32  kind: 0 none, 1 PIN verifier, 2 identity
 *   4  u32  PIN: iterations          identity: login method
 *   8  [16] PIN: salt                identity: client UUID (big-endian octets)
 *  24  [32] PIN: PBKDF2 output       identity: zero
 * </pre>
 */
final class Pins {
    private Pins() {}

    static final int CREDENTIAL_BYTES = 56;
    static final int NONE = 0;
    static final int PIN = 1;
    static final int IDENTITY = 2;

    /** Iterations for new verifiers; tests may lower it ({@link #iterationsForTests}), nothing may raise the cost of a check above it. */
    static final int ITERATIONS = 100_000;
    private static volatile int iterations = ITERATIONS;

    /** For the TA's own tests only: new verifiers use {@code n} iterations (at most {@link #ITERATIONS}). */
    static void iterationsForTests(int n) {
        if (n < 1 || n > ITERATIONS) {
            throw new IllegalArgumentException("iterations " + n);
        }
        iterations = n;
    }

    /** A new PIN verifier for {@code pin}. */
    static byte[] verifier(byte[] pin) {
        byte[] c = new byte[CREDENTIAL_BYTES];
        int n = iterations;
        Template.putU32(c, 0, PIN);
        Template.putU32(c, 4, n);
        byte[] salt = Tee.random(16);
        System.arraycopy(salt, 0, c, 8, 16);
        byte[] dk = pbkdf2(pin, salt, n);
        System.arraycopy(dk, 0, c, 24, 32);
        Arrays.fill(dk, (byte) 0);
        return c;
    }

    /** An identity credential. */
    static byte[] identity(Identity id) {
        byte[] c = new byte[CREDENTIAL_BYTES];
        Template.putU32(c, 0, IDENTITY);
        Template.putU32(c, 4, id.login());
        System.arraycopy(Uuids.toBytes(id.uuid()), 0, c, 8, 16);
        return c;
    }

    static int kind(byte[] credential) {
        return Template.u32(credential, 0);
    }

    /** Whether {@code pin} matches the verifier {@code credential} (constant time in the comparison). */
    static boolean matches(byte[] credential, byte[] pin) {
        if (kind(credential) != PIN) {
            return false;
        }
        int n = Template.u32(credential, 4);
        if (n < 1 || n > ITERATIONS) {
            return false;
        }
        byte[] dk = pbkdf2(pin, Arrays.copyOfRange(credential, 8, 24), n);
        try {
            return MessageDigest.isEqual(dk, Arrays.copyOfRange(credential, 24, 56));
        } finally {
            Arrays.fill(dk, (byte) 0);
        }
    }

    /** Whether {@code id} is the identity in {@code credential}. */
    static boolean matches(byte[] credential, Identity id) {
        return kind(credential) == IDENTITY && Template.u32(credential, 4) == id.login()
                && Arrays.equals(Arrays.copyOfRange(credential, 8, 24), Uuids.toBytes(id.uuid()));
    }

    /**
     * The identity an ACL string names (§6.4): empty is the caller, {@code public},
     * {@code user:<uuid>} or {@code group:<uuid>}; null for anything else.
     */
    static Identity parseAcl(byte[] acl, Identity caller) {
        if (acl.length == 0) {
            return caller;
        }
        String s = new String(acl, StandardCharsets.US_ASCII);
        if (s.equals("public")) {
            return new Identity(LoginMethod.PUBLIC, Uuids.NIL);
        }
        try {
            if (s.startsWith("user:") && s.length() == 41) {
                return new Identity(LoginMethod.USER, UUID.fromString(s.substring(5)));
            }
            if (s.startsWith("group:") && s.length() == 42) {
                return new Identity(LoginMethod.GROUP, UUID.fromString(s.substring(6)));
            }
        } catch (IllegalArgumentException e) {
            return null;
        }
        return null;
    }

    /**
     * PBKDF2-HMAC-SHA256 (RFC 8018 §5.2) with one 32-byte block of output, on the JDK's HMAC. An
     * empty password is HMAC's key of one zero byte, which HMAC pads to the same block.
     */
    static byte[] pbkdf2(byte[] password, byte[] salt, int rounds) {
        Mac mac;
        try {
            mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(password.length == 0 ? new byte[1] : password, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no HMAC-SHA256", e);
        }
        mac.update(salt);
        byte[] u = mac.doFinal(new byte[] {0, 0, 0, 1});
        byte[] t = u.clone();
        for (int r = 1; r < rounds; r++) {
            mac.update(u);
            try {
                mac.doFinal(u, 0);
            } catch (ShortBufferException e) {
                throw new IllegalStateException(e);
            }
            for (int i = 0; i < t.length; i++) {
                t[i] ^= u[i];
            }
        }
        Arrays.fill(u, (byte) 0);
        return t;
    }
}
