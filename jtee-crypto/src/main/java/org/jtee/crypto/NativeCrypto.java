package org.jtee.crypto;

import java.lang.System.Logger.Level;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jtee.os.EvpPrivateKey;
import org.jtee.os.LibCrypto;

/**
 * The fast path of the private-key operations that cost most: raw RSA (under every RSA signature
 * and decryption) and ECDSA signing run in the system's OpenSSL 3 ({@link LibCrypto}) when it can
 * be loaded, 2.5–3.5 times faster than on the JDK and Bouncy Castle (docs/ta-crypto.md, "Native
 * fast path"). Only the arithmetic moves: the engines still do every check, encoding and padding
 * in Java, so the GP results are the same byte for byte on both paths.
 *
 * <p>When: a key is converted once, the first time an operation uses it ({@link NativeKeySlot}),
 * if the system property {@value #PROPERTY} is not {@code false} at that moment and
 * {@code libcrypto.so.3} loaded. Otherwise — no library, a sandbox that forbids reading it, no
 * native access, a key OpenSSL refuses — the engines take their Java path, silently: the reason
 * is logged once, at debug level.
 */
final class NativeCrypto {
    /** The system property that turns the fast path off when {@code false}. */
    static final String PROPERTY = "jtee.crypto.native";
    private static final System.Logger LOG = System.getLogger("org.jtee.crypto");
    private static final AtomicBoolean FAILURE_LOGGED = new AtomicBoolean();

    private NativeCrypto() {}

    /** The outcome of the one attempt to load OpenSSL. */
    private static final class Library {
        static final boolean AVAILABLE = probe();

        private static boolean probe() {
            try {
                if (LibCrypto.isAvailable()) {
                    LOG.log(Level.DEBUG, "private RSA operations and ECDSA signing run in OpenSSL (libcrypto.so.3)");
                    return true;
                }
                LOG.log(Level.DEBUG, "OpenSSL is not available ({0}): RSA and ECDSA run on the JDK and Bouncy Castle",
                        LibCrypto.unavailableReason());
            } catch (LinkageError | RuntimeException e) {
                LOG.log(Level.DEBUG, "OpenSSL cannot be reached ({0}): RSA and ECDSA run on the JDK and Bouncy Castle",
                        e.toString());
            }
            return false;
        }
    }

    /** Whether keys taken by operations from now on go to OpenSSL. */
    static boolean enabled() {
        return !"false".equalsIgnoreCase(System.getProperty(PROPERTY)) && Library.AVAILABLE;
    }

    /** The key in OpenSSL, or {@code null} if OpenSSL refuses it. All CRT parts are required. */
    static EvpPrivateKey rsaKey(BigInteger n, BigInteger e, BigInteger d, BigInteger p, BigInteger q, BigInteger dp,
            BigInteger dq, BigInteger qInv) {
        byte[] der = KeyDer.rsaPrivateKey(n, e, d, p, q, dp, dq, qInv);
        try {
            EvpPrivateKey k = LibCrypto.rsaPrivateKey(der);
            if (k.size() != EngineSupport.bytesFor(n.bitLength())) {
                k.close();
                return refused("OpenSSL reads another modulus size");
            }
            return k;
        } catch (RuntimeException ex) {
            return refused(ex.toString());
        } finally {
            Arrays.fill(der, (byte) 0);
        }
    }

    /** The EC key with scalar {@code d} on {@code curve}, or {@code null} if OpenSSL refuses it. */
    static EvpPrivateKey ecKey(EcCurves.Curve curve, BigInteger d) {
        byte[] der = KeyDer.ecPrivateKey(curve.oid(), d, curve.bytes());
        try {
            return LibCrypto.ecPrivateKey(der);
        } catch (RuntimeException ex) {
            return refused(ex.toString());
        } finally {
            Arrays.fill(der, (byte) 0);
        }
    }

    /**
     * An operation OpenSSL failed (the engine then takes its Java path for the call): logged the
     * first time only, at debug level.
     */
    static void failed(RuntimeException e) {
        if (FAILURE_LOGGED.compareAndSet(false, true)) {
            LOG.log(Level.DEBUG, "an OpenSSL operation failed, done on the JDK instead: {0}", e.toString());
        }
    }

    private static EvpPrivateKey refused(String why) {
        if (FAILURE_LOGGED.compareAndSet(false, true)) {
            LOG.log(Level.DEBUG, "OpenSSL refused a key, which runs on the JDK instead: {0}", why);
        }
        return null;
    }
}
