package org.jtee.os;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/**
 * The system's OpenSSL 3 ({@code libcrypto.so.3}) through the FFM API, for the private-key
 * operations that jtee's GP crypto runs faster there than on the JDK: raw RSA (RSADP, RFC 8017
 * §5.1.2, with OpenSSL's blinding and its check of every CRT result against the public exponent)
 * and ECDSA signing. Nothing else of OpenSSL is bound.
 *
 * <p>The library is loaded on the first call of any method, once: {@link #isAvailable()} says
 * whether that worked, {@link #unavailableReason()} why not (no such library, a symbol missing,
 * a sandbox that forbids reading the file, no native access for this module). OpenSSL is started
 * without reading its configuration file ({@code OPENSSL_INIT_NO_LOAD_CONFIG}: what runs is the
 * built-in default provider, whatever {@code openssl.cnf} says) and without an exit handler
 * ({@code OPENSSL_INIT_NO_ATEXIT}: JVM threads may still be inside OpenSSL while the process
 * exits).
 *
 * <p>Keys enter as DER and come back as {@link EvpPrivateKey} handles, which own the native key
 * and never expose an address: every method here is safe to call with any argument from any
 * code, a TA's included.
 */
public final class LibCrypto {
    /** {@code EVP_PKEY_RSA} = {@code NID_rsaEncryption}, {@code <openssl/obj_mac.h>}. */
    static final int EVP_PKEY_RSA = 6;
    /** {@code EVP_PKEY_EC} = {@code NID_X9_62_id_ecPublicKey}. */
    static final int EVP_PKEY_EC = 408;
    /** {@code RSA_NO_PADDING}, {@code <openssl/rsa.h>}. */
    static final int RSA_NO_PADDING = 3;
    /** {@code OPENSSL_INIT_NO_LOAD_CONFIG | OPENSSL_INIT_NO_ATEXIT}, {@code <openssl/crypto.h>}. */
    private static final long INIT_OPTIONS = 0x00000080L | 0x00080000L;
    private static final String LIBRARY = "libcrypto.so.3";

    private LibCrypto() {}

    /** The downcall handles, linked when this class is first used. */
    static final class Bindings {
        final MethodHandle d2iPrivateKey;
        final MethodHandle pkeyFree;
        final MethodHandle pkeyGetSize;
        final MethodHandle ctxNew;
        final MethodHandle ctxFree;
        final MethodHandle signInit;
        final MethodHandle sign;
        final MethodHandle decryptInit;
        final MethodHandle decrypt;
        final MethodHandle setRsaPadding;
        final MethodHandle errGetError;
        final MethodHandle errClearError;

        @SuppressWarnings("restricted") // native access is this module's purpose
        Bindings(SymbolLookup lib) throws Throwable {
            Linker linker = Linker.nativeLinker();
            // EVP_PKEY *d2i_PrivateKey(int type, EVP_PKEY **a, const unsigned char **pp, long length)
            d2iPrivateKey = link(linker, lib, "d2i_PrivateKey", FunctionDescriptor.of(ADDRESS, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG));
            pkeyFree = link(linker, lib, "EVP_PKEY_free", FunctionDescriptor.ofVoid(ADDRESS));
            pkeyGetSize = link(linker, lib, "EVP_PKEY_get_size", FunctionDescriptor.of(JAVA_INT, ADDRESS));
            // EVP_PKEY_CTX *EVP_PKEY_CTX_new(EVP_PKEY *pkey, ENGINE *e)
            ctxNew = link(linker, lib, "EVP_PKEY_CTX_new", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
            ctxFree = link(linker, lib, "EVP_PKEY_CTX_free", FunctionDescriptor.ofVoid(ADDRESS));
            signInit = link(linker, lib, "EVP_PKEY_sign_init", FunctionDescriptor.of(JAVA_INT, ADDRESS));
            // int EVP_PKEY_sign(EVP_PKEY_CTX *, unsigned char *sig, size_t *siglen, const unsigned char *tbs, size_t tbslen)
            FunctionDescriptor operate = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG);
            sign = link(linker, lib, "EVP_PKEY_sign", operate);
            decryptInit = link(linker, lib, "EVP_PKEY_decrypt_init", FunctionDescriptor.of(JAVA_INT, ADDRESS));
            decrypt = link(linker, lib, "EVP_PKEY_decrypt", operate);
            setRsaPadding = link(linker, lib, "EVP_PKEY_CTX_set_rsa_padding", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
            errGetError = link(linker, lib, "ERR_get_error", FunctionDescriptor.of(JAVA_LONG));
            errClearError = link(linker, lib, "ERR_clear_error", FunctionDescriptor.ofVoid());
            MethodHandle init = link(linker, lib, "OPENSSL_init_crypto", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, ADDRESS));
            if ((int) init.invokeExact(INIT_OPTIONS, MemorySegment.NULL) != 1) {
                throw new IllegalStateException("OPENSSL_init_crypto failed");
            }
        }

        @SuppressWarnings("restricted") // native access is this module's purpose
        private static MethodHandle link(Linker linker, SymbolLookup lib, String name, FunctionDescriptor descriptor) {
            MemorySegment symbol = lib.find(name).orElseThrow(() -> new IllegalStateException(LIBRARY + " lacks " + name));
            return linker.downcallHandle(symbol, descriptor);
        }
    }

    /** The bindings, or why there are none: the outcome of the one attempt to load. */
    private static final class Loaded {
        static final Bindings BINDINGS;
        static final String REASON;

        static {
            Bindings b = null;
            String reason = null;
            try {
                @SuppressWarnings("restricted") // native access is this module's purpose
                SymbolLookup lib = SymbolLookup.libraryLookup(LIBRARY, Arena.global());
                b = new Bindings(lib);
            } catch (Throwable t) {
                reason = t.getClass().getSimpleName() + ": " + t.getMessage();
            }
            BINDINGS = b;
            REASON = reason;
        }
    }

    /**
     * Loads OpenSSL now if it is not loaded yet: for a process that is about to lose the right to
     * read the library's file (a TA host before its Landlock domain). Never throws.
     */
    public static void preload() {
        isAvailable();
    }

    /** Whether {@code libcrypto.so.3} is loaded and has every function this class needs. */
    public static boolean isAvailable() {
        return Loaded.BINDINGS != null;
    }

    /** Why OpenSSL is not available, or {@code null} when it is. */
    public static String unavailableReason() {
        return Loaded.REASON;
    }

    static Bindings bindings() {
        Bindings b = Loaded.BINDINGS;
        if (b == null) {
            throw new IllegalStateException("OpenSSL is not available: " + Loaded.REASON);
        }
        return b;
    }

    /**
     * An RSA private key from its PKCS#1 {@code RSAPrivateKey} DER encoding (RFC 8017 A.1.2, all
     * nine fields). Private operations use the CRT parts; OpenSSL checks nothing about their
     * consistency here, so the caller should. {@code der} is read, not kept, and the native copy
     * is overwritten with zeros before this returns; wiping {@code der} is the caller's.
     *
     * @throws IllegalStateException if OpenSSL is not available
     * @throws OpenSslException if OpenSSL refuses the encoding
     */
    public static EvpPrivateKey rsaPrivateKey(byte[] der) {
        return EvpPrivateKey.parse(EVP_PKEY_RSA, der);
    }

    /**
     * An EC private key from its RFC 5915 {@code ECPrivateKey} DER encoding, with the named
     * curve's OID as its parameters; without the optional public key, OpenSSL computes it. Wiping
     * as {@link #rsaPrivateKey}.
     *
     * @throws IllegalStateException if OpenSSL is not available
     * @throws OpenSslException if OpenSSL refuses the encoding or the curve
     */
    public static EvpPrivateKey ecPrivateKey(byte[] der) {
        return EvpPrivateKey.parse(EVP_PKEY_EC, der);
    }

    /** An OpenSSL function that failed, with the first code of this thread's error queue (then cleared). */
    public static final class OpenSslException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final long errorCode;

        OpenSslException(String function, long errorCode) {
            super(function + " failed (OpenSSL error 0x" + Long.toHexString(errorCode) + ")");
            this.errorCode = errorCode;
        }

        /** The packed {@code ERR_get_error} code, 0 if the queue was empty. */
        public long errorCode() {
            return errorCode;
        }
    }

    /** An {@link OpenSslException} for {@code function}, emptying this thread's error queue. */
    static OpenSslException failure(String function) {
        Bindings b = bindings();
        try {
            long code = (long) b.errGetError.invokeExact();
            b.errClearError.invokeExact();
            return new OpenSslException(function, code);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** Copies {@code bytes} into a new segment of {@code arena}. */
    static MemorySegment copyIn(Arena arena, byte[] bytes) {
        MemorySegment s = arena.allocate(Math.max(1, bytes.length));
        MemorySegment.copy(bytes, 0, s, JAVA_BYTE, 0, bytes.length);
        return s;
    }
}
