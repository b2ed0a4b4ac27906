package org.jtee.crypto;

import java.util.function.Supplier;

import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.MD5Digest;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.digests.SHA224Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.digests.SHA3Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.digests.SM3Digest;

/**
 * The hash functions the asymmetric algorithms name (a {@code TEE_ALG_*} digest identifier): the
 * digest length, a Bouncy Castle instance for MGF1, HMAC and the KDFs, and the DER
 * {@code DigestInfo} prefix that EMSA-PKCS1-v1_5 puts before the digest (RFC 8017 §9.2 note 1,
 * with the SHA-3 OIDs of NIST's CSOR registry).
 */
enum HashSpec {
    MD5(TeeAlg.MD5, 16, "2a864886f70d0205", MD5Digest::new),
    SHA1(TeeAlg.SHA1, 20, "2b0e03021a", SHA1Digest::new),
    SHA224(TeeAlg.SHA224, 28, "608648016503040204", SHA224Digest::new),
    SHA256(TeeAlg.SHA256, 32, "608648016503040201", SHA256Digest::new),
    SHA384(TeeAlg.SHA384, 48, "608648016503040202", SHA384Digest::new),
    SHA512(TeeAlg.SHA512, 64, "608648016503040203", SHA512Digest::new),
    SHA3_224(TeeAlg.SHA3_224, 28, "608648016503040207", () -> new SHA3Digest(224)),
    SHA3_256(TeeAlg.SHA3_256, 32, "608648016503040208", () -> new SHA3Digest(256)),
    SHA3_384(TeeAlg.SHA3_384, 48, "608648016503040209", () -> new SHA3Digest(384)),
    SHA3_512(TeeAlg.SHA3_512, 64, "60864801650304020a", () -> new SHA3Digest(512)),
    SM3(TeeAlg.SM3, 32, null, SM3Digest::new),
    /** TLS 1.0's MD5 ‖ SHA-1, signed without a DigestInfo. */
    MD5SHA1(TeeAlg.MD5SHA1, 36, null, null);

    private final int teeId;
    private final int length;
    private final byte[] digestInfoPrefix;
    private final Supplier<Digest> factory;

    HashSpec(int teeId, int length, String oidHex, Supplier<Digest> factory) {
        this.teeId = teeId;
        this.length = length;
        this.digestInfoPrefix = oidHex == null ? null : prefix(java.util.HexFormat.of().parseHex(oidHex), length);
        this.factory = factory;
    }

    /**
     * DigestInfo ::= SEQUENCE { SEQUENCE { OID, NULL }, OCTET STRING digest }, all but the digest:
     * {@code 30 L 30 L' 06 len(oid) oid 05 00 04 len(digest)}.
     */
    private static byte[] prefix(byte[] oid, int digestLength) {
        int algIdContent = 2 + oid.length + 2;
        int total = 2 + (2 + algIdContent) + 2 + digestLength;
        byte[] p = new byte[total - digestLength];
        int i = 0;
        p[i++] = 0x30;
        p[i++] = (byte) (total - 2);
        p[i++] = 0x30;
        p[i++] = (byte) algIdContent;
        p[i++] = 0x06;
        p[i++] = (byte) oid.length;
        System.arraycopy(oid, 0, p, i, oid.length);
        i += oid.length;
        p[i++] = 0x05;
        p[i++] = 0x00;
        p[i++] = 0x04;
        p[i] = (byte) digestLength;
        return p;
    }

    /** The hash with {@code TEE_ALG_*} identifier {@code teeId}, or {@code null}. */
    static HashSpec of(int teeId) {
        for (HashSpec h : values()) {
            if (h.teeId == teeId) {
                return h;
            }
        }
        return null;
    }

    /** The {@code TEE_ALG_*} digest identifier. */
    int teeId() {
        return teeId;
    }

    /** The digest length in bytes. */
    int length() {
        return length;
    }

    /** A new Bouncy Castle digest; not for {@link #MD5SHA1}. */
    Digest newDigest() {
        return factory.get();
    }

    /** The hash of {@code data}. */
    byte[] hash(byte[] data) {
        Digest d = newDigest();
        d.update(data, 0, data.length);
        byte[] out = new byte[d.getDigestSize()];
        d.doFinal(out, 0);
        return out;
    }

    /** EMSA-PKCS1-v1_5's T: the DigestInfo of {@code digest}, or the digest itself for MD5SHA1. */
    byte[] digestInfo(byte[] digest) {
        if (digestInfoPrefix == null) {
            return digest.clone();
        }
        byte[] t = new byte[digestInfoPrefix.length + digest.length];
        System.arraycopy(digestInfoPrefix, 0, t, 0, digestInfoPrefix.length);
        System.arraycopy(digest, 0, t, digestInfoPrefix.length, digest.length);
        return t;
    }
}
