package org.jtee.crypto;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import org.bouncycastle.crypto.ExtendedDigest;
import org.bouncycastle.crypto.Xof;
import org.bouncycastle.crypto.digests.SHAKEDigest;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.util.Memoable;

/**
 * The hash behind a digest {@link Operation}: the JDK's {@link MessageDigest} for MD5, SHA-1, SHA-2
 * and SHA-3 (intrinsics, and {@code update(ByteBuffer)} reads direct buffers without a copy; copied
 * with {@code clone()}), Bouncy Castle for what the JDK lacks or hides: SM3, and SHAKE128/256 as
 * extendable-output functions (the JDK's SHAKE digests have a fixed output length). Both are
 * copied as a whole state ({@code clone()}, {@link Memoable}), mid-stream or extracting.
 */
abstract class DigestEngine {

    /** The engine for a {@code TEE_ALG_*} digest. */
    static DigestEngine create(int algorithm) {
        return switch (algorithm) {
            case TeeAlg.MD5 -> new Jca("MD5");
            case TeeAlg.SHA1 -> new Jca("SHA-1");
            case TeeAlg.SHA224 -> new Jca("SHA-224");
            case TeeAlg.SHA256 -> new Jca("SHA-256");
            case TeeAlg.SHA384 -> new Jca("SHA-384");
            case TeeAlg.SHA512 -> new Jca("SHA-512");
            case TeeAlg.SHA3_224 -> new Jca("SHA3-224");
            case TeeAlg.SHA3_256 -> new Jca("SHA3-256");
            case TeeAlg.SHA3_384 -> new Jca("SHA3-384");
            case TeeAlg.SHA3_512 -> new Jca("SHA3-512");
            case TeeAlg.SM3 -> new Bc(new SM3Digest());
            case TeeAlg.SHAKE128 -> new Bc(new SHAKEDigest(128));
            case TeeAlg.SHAKE256 -> new Bc(new SHAKEDigest(256));
            default -> throw new IllegalArgumentException(String.format("no digest 0x%08X", algorithm));
        };
    }

    /** Hashes all of {@code in} (its position moves to its limit). */
    abstract void update(ByteBuffer in);

    /** Hashes {@code len} bytes of {@code b}. */
    abstract void update(byte[] b, int off, int len);

    /** The digest length in bytes; 0 for an extendable-output function. */
    abstract int length();

    /** Writes the digest ({@link #length()} bytes) and starts over. */
    abstract void doFinal(byte[] out, int off);

    /** Extendable-output functions: the next {@code len} bytes of output (the input is closed). */
    void squeeze(byte[] out, int off, int len) {
        throw new UnsupportedOperationException("not an extendable-output function");
    }

    /** Extendable-output functions: {@code len} bytes of output, then starts over. */
    void squeezeFinal(byte[] out, int off, int len) {
        throw new UnsupportedOperationException("not an extendable-output function");
    }

    /** Whether this is an extendable-output function (SHAKE). */
    boolean xof() {
        return false;
    }

    /** Starts over. */
    abstract void reset();

    /** Takes {@code other}'s state ({@code TEE_CopyOperation}); {@code other} is of the same algorithm. */
    abstract void copyFrom(DigestEngine other);

    /** A JCA {@link MessageDigest}. */
    static final class Jca extends DigestEngine {
        private MessageDigest md;

        Jca(String name) {
            try {
                md = MessageDigest.getInstance(name);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("the JDK lacks " + name, e);
            }
        }

        @Override
        void update(ByteBuffer in) {
            md.update(in);
        }

        @Override
        void update(byte[] b, int off, int len) {
            md.update(b, off, len);
        }

        @Override
        int length() {
            return md.getDigestLength();
        }

        @Override
        void doFinal(byte[] out, int off) {
            try {
                md.digest(out, off, md.getDigestLength());
            } catch (java.security.DigestException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        void reset() {
            md.reset();
        }

        @Override
        void copyFrom(DigestEngine other) {
            try {
                md = (MessageDigest) ((Jca) other).md.clone();
            } catch (CloneNotSupportedException e) {
                throw new IllegalStateException("the JDK's " + md.getAlgorithm() + " cannot be copied", e);
            }
        }
    }

    /** A Bouncy Castle digest (SM3) or XOF (SHAKE). */
    static final class Bc extends DigestEngine {
        private final ExtendedDigest digest;

        Bc(ExtendedDigest digest) {
            this.digest = digest;
        }

        @Override
        void update(ByteBuffer in) {
            Buffers.feed(in, digest::update);
        }

        @Override
        void update(byte[] b, int off, int len) {
            digest.update(b, off, len);
        }

        @Override
        int length() {
            return xof() ? 0 : digest.getDigestSize();
        }

        @Override
        void doFinal(byte[] out, int off) {
            digest.doFinal(out, off);
        }

        @Override
        void squeeze(byte[] out, int off, int len) {
            ((Xof) digest).doOutput(out, off, len);
        }

        @Override
        void squeezeFinal(byte[] out, int off, int len) {
            ((Xof) digest).doFinal(out, off, len);
        }

        @Override
        boolean xof() {
            return digest instanceof Xof;
        }

        @Override
        void reset() {
            digest.reset();
        }

        @Override
        void copyFrom(DigestEngine other) {
            ((Memoable) digest).reset((Memoable) ((Bc) other).digest);
        }
    }
}
