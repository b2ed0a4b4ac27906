package org.jtee.os;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * One private key inside OpenSSL (an {@code EVP_PKEY}) made by {@link LibCrypto}: RSA for
 * {@link #rsaDecryptRaw}, EC for {@link #ecdsaSign}. Thread-safe: OpenSSL 3 lets threads share a
 * key, and each call takes an {@code EVP_PKEY_CTX} of its own from a small pool kept with the key
 * (at most {@value #IDLE_CONTEXTS} idle ones; each with its native scratch buffers, wiped after
 * every call).
 *
 * <p>{@link #close()} frees the key and its contexts, at once or, if other threads are inside a
 * call, when the last of them returns; a call after close throws {@link IllegalStateException}.
 * A key that is dropped without close is freed when the garbage collector finds it unreachable
 * (a {@link Cleaner}). So no sequence of calls, however racy, reaches freed native memory.
 */
public final class EvpPrivateKey implements AutoCloseable {
    /** The idle contexts a key keeps: one per thread that signs with it at the same time, up to this. */
    static final int IDLE_CONTEXTS = 4;
    private static final Cleaner CLEANER = Cleaner.create();

    private final int kind;
    private final int size;
    private final Native resources;
    private final Cleaner.Cleanable cleanable;
    private int calls;
    private boolean closed;

    private EvpPrivateKey(int kind, MemorySegment pkey, int size) {
        this.kind = kind;
        this.size = size;
        this.resources = new Native(pkey);
        this.cleanable = CLEANER.register(this, resources);
    }

    /** {@code d2i_PrivateKey(kind, NULL, &p, length)} on a native copy of {@code der}, wiped after. */
    static EvpPrivateKey parse(int kind, byte[] der) {
        Objects.requireNonNull(der, "der");
        LibCrypto.Bindings b = LibCrypto.bindings();
        MemorySegment pkey;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment copy = LibCrypto.copyIn(arena, der);
            MemorySegment cursor = arena.allocate(ADDRESS);
            cursor.set(ADDRESS, 0, copy);
            try {
                pkey = (MemorySegment) b.d2iPrivateKey.invokeExact(kind, MemorySegment.NULL, cursor, (long) der.length);
            } finally {
                copy.fill((byte) 0);
            }
            if (pkey.address() == 0) {
                throw LibCrypto.failure("d2i_PrivateKey");
            }
            int size = (int) b.pkeyGetSize.invokeExact(pkey);
            if (size <= 0) {
                b.pkeyFree.invokeExact(pkey);
                throw LibCrypto.failure("EVP_PKEY_get_size");
            }
            return new EvpPrivateKey(kind, pkey, size);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /**
     * {@code EVP_PKEY_get_size}: the modulus length in bytes of an RSA key, the longest DER
     * signature of an EC key.
     */
    public int size() {
        return size;
    }

    /**
     * RSADP (RFC 8017 §5.1.2) without padding: {@code input}^d mod n in {@link #size()} bytes,
     * blinded, the CRT result checked by OpenSSL with e (and recomputed without CRT on a mismatch).
     *
     * @param input exactly {@link #size()} bytes, whose value is below the modulus
     * @throws IllegalStateException if the key is closed or not an RSA key
     * @throws IllegalArgumentException if {@code input} is not {@link #size()} bytes
     * @throws LibCrypto.OpenSslException if OpenSSL refuses (an input not below the modulus)
     */
    public byte[] rsaDecryptRaw(byte[] input) {
        Objects.requireNonNull(input, "input");
        if (kind != LibCrypto.EVP_PKEY_RSA) {
            throw new IllegalStateException("not an RSA key");
        }
        if (input.length != size) {
            throw new IllegalArgumentException("input of " + input.length + " bytes, the modulus has " + size);
        }
        return operate(input, false);
    }

    /**
     * ECDSA (FIPS 186-5 §6.4.1) of {@code digest}, any length (a digest longer than the curve's
     * order is truncated to its leftmost bits), with a nonce from OpenSSL's DRBG: the DER
     * {@code ECDSA-Sig-Value} (SEQUENCE of the INTEGERs r and s, RFC 3279 §2.2.3).
     *
     * @throws IllegalStateException if the key is closed or not an EC key
     * @throws LibCrypto.OpenSslException if OpenSSL fails
     */
    public byte[] ecdsaSign(byte[] digest) {
        Objects.requireNonNull(digest, "digest");
        if (kind != LibCrypto.EVP_PKEY_EC) {
            throw new IllegalStateException("not an EC key");
        }
        return operate(digest, true);
    }

    /** Frees the native key now, or when the last call in progress returns. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            if (calls > 0) {
                return;
            }
        }
        cleanable.clean();
    }

    private byte[] operate(byte[] input, boolean isSign) {
        enter();
        Context c = null;
        try {
            c = resources.take(kind, size);
            return c.run(isSign, input);
        } finally {
            if (c != null) {
                resources.giveBack(c);
            }
            leave();
            Reference.reachabilityFence(this);
        }
    }

    private synchronized void enter() {
        if (closed) {
            throw new IllegalStateException("the key is closed");
        }
        calls++;
    }

    private void leave() {
        synchronized (this) {
            calls--;
            if (!closed || calls > 0) {
                return;
            }
        }
        cleanable.clean();
    }

    /** What the cleaner frees: the key and its idle contexts. Holds no reference to the key object. */
    private static final class Native implements Runnable {
        private final MemorySegment pkey;
        private final ConcurrentLinkedDeque<Context> idle = new ConcurrentLinkedDeque<>();

        Native(MemorySegment pkey) {
            this.pkey = pkey;
        }

        Context take(int kind, int size) {
            Context c = idle.pollFirst();
            return c != null ? c : Context.create(pkey, kind, size);
        }

        void giveBack(Context c) {
            if (idle.size() < IDLE_CONTEXTS) {
                idle.addFirst(c);
            } else {
                c.free();
            }
        }

        @Override
        public void run() {
            for (Context c; (c = idle.pollFirst()) != null;) {
                c.free();
            }
            try {
                LibCrypto.bindings().pkeyFree.invokeExact(pkey);
            } catch (Throwable t) {
                throw Libc.rethrow(t);
            }
        }
    }

    /**
     * One {@code EVP_PKEY_CTX}, initialized once for its key's one operation (RSA: decrypt
     * without padding; EC: sign), and its scratch memory: input, output, the output length.
     * Used by one thread at a time.
     */
    private static final class Context {
        private final MemorySegment ctx;
        private final Arena arena;
        private final MemorySegment in;
        private final MemorySegment out;
        private final MemorySegment outLength;

        private Context(MemorySegment ctx, int size) {
            this.ctx = ctx;
            this.arena = Arena.ofShared();
            this.in = arena.allocate(Math.max(size, 128));
            this.out = arena.allocate(size);
            this.outLength = arena.allocate(JAVA_LONG);
        }

        static Context create(MemorySegment pkey, int kind, int size) {
            LibCrypto.Bindings b = LibCrypto.bindings();
            try {
                MemorySegment ctx = (MemorySegment) b.ctxNew.invokeExact(pkey, MemorySegment.NULL);
                if (ctx.address() == 0) {
                    throw LibCrypto.failure("EVP_PKEY_CTX_new");
                }
                boolean ready = kind == LibCrypto.EVP_PKEY_RSA
                        ? (int) b.decryptInit.invokeExact(ctx) == 1
                                && (int) b.setRsaPadding.invokeExact(ctx, LibCrypto.RSA_NO_PADDING) == 1
                        : (int) b.signInit.invokeExact(ctx) == 1;
                if (!ready) {
                    b.ctxFree.invokeExact(ctx);
                    throw LibCrypto.failure(kind == LibCrypto.EVP_PKEY_RSA ? "EVP_PKEY_decrypt_init" : "EVP_PKEY_sign_init");
                }
                return new Context(ctx, size);
            } catch (Throwable t) {
                throw Libc.rethrow(t);
            }
        }

        /** {@code EVP_PKEY_sign} or {@code EVP_PKEY_decrypt} of {@code input}; the scratch is wiped after. */
        byte[] run(boolean isSign, byte[] input) {
            LibCrypto.Bindings b = LibCrypto.bindings();
            try (Arena large = input.length > in.byteSize() ? Arena.ofConfined() : null) {
                MemorySegment source = large != null ? large.allocate(input.length) : in;
                MemorySegment.copy(input, 0, source, JAVA_BYTE, 0, input.length);
                outLength.set(JAVA_LONG, 0, out.byteSize());
                int r = isSign ? (int) b.sign.invokeExact(ctx, out, outLength, source, (long) input.length)
                        : (int) b.decrypt.invokeExact(ctx, out, outLength, source, (long) input.length);
                if (r != 1) {
                    throw LibCrypto.failure(isSign ? "EVP_PKEY_sign" : "EVP_PKEY_decrypt");
                }
                long length = outLength.get(JAVA_LONG, 0);
                byte[] result = new byte[(int) Math.min(length, out.byteSize())];
                MemorySegment.copy(out, JAVA_BYTE, 0, result, 0, result.length);
                return result;
            } catch (Throwable t) {
                throw Libc.rethrow(t);
            } finally {
                in.fill((byte) 0);
                out.fill((byte) 0);
            }
        }

        void free() {
            try {
                LibCrypto.bindings().ctxFree.invokeExact(ctx);
            } catch (Throwable t) {
                throw Libc.rethrow(t);
            } finally {
                arena.close();
            }
        }
    }
}
