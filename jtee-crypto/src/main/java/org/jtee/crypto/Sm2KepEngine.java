package org.jtee.crypto;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.util.List;

import org.bouncycastle.math.ec.ECPoint;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;

/**
 * {@code TEE_ALG_SM2_KEP}: the SM2 key exchange of GB/T 32918.3 §6 (GM/T 0003.3), one side of it
 * per {@code TEE_DeriveKey}, as OP-TEE's {@code sm2-kep.c}.
 *
 * <p>Keys ({@code TEE_SetOperationKey2}): key 1 is this side's static key pair, key 2 its
 * ephemeral key pair (R = [r]G), both {@code TEE_TYPE_SM2_KEP_KEYPAIR}.
 *
 * <p>Parameters, all but the confirmations mandatory (else {@code BAD_PARAMETERS}):
 * <ul>
 *   <li>{@code TEE_ATTR_SM2_KEP_USER}: value a = 0 for the initiator (A), anything else for the
 *       responder (B);
 *   <li>{@code TEE_ATTR_ECC_PUBLIC_VALUE_X/Y}: the peer's static public key;
 *   <li>{@code TEE_ATTR_ECC_EPHEMERAL_PUBLIC_VALUE_X/Y} (or OP-TEE's older identifiers
 *       0xD0000946/0xD0000A46): the peer's ephemeral public key;
 *   <li>{@code TEE_ATTR_SM2_ID_INITIATOR}, {@code _RESPONDER}: the identities in Z<sub>A</sub>,
 *       Z<sub>B</sub>;
 *   <li>{@code TEE_ATTR_SM2_KEP_CONFIRMATION_IN} (optional, ≥ 32 bytes): the peer's S<sub>B</sub>
 *       (or S<sub>A</sub>), checked against S1 (or S<sub>2</sub>); a mismatch is OP-TEE's
 *       {@code BAD_STATE};
 *   <li>{@code TEE_ATTR_SM2_KEP_CONFIRMATION_OUT} (optional, ≥ 32 bytes): an output — this side's
 *       S<sub>A</sub> (or S<sub>B</sub>) is written into the first 32 bytes of the TA's own buffer.
 * </ul>
 *
 * <pre>
 * x̄ = 2^127 + (x mod 2^127);  t = (d + x̄_own·r) mod n;  U = [t](P_peer + [x̄_peer]R_peer)
 * K = KDF(xU ‖ yU ‖ Z_A ‖ Z_B, klen)
 * S(flag) = SM3(flag ‖ yU ‖ SM3(xU ‖ Z_A ‖ Z_B ‖ x_RA ‖ y_RA ‖ x_RB ‖ y_RB)); S_B, S1 use 0x02, S_A, S2 0x03
 * </pre>
 *
 * <p>The key length klen, in bytes, is the derived object's {@code maxObjectSize}: OP-TEE passes
 * {@code so->info.maxObjectSize} as the output length in bytes, and OP-TEE's xtest 4014 relies on
 * it (a 16-byte key from an object allocated with size 16). Every failure panics, as
 * {@code TEE_DeriveKey} does.
 */
final class Sm2KepEngine extends AsymmetricEngine {
    private static final int OLD_EPHEMERAL_X = 0xD0000946;
    private static final int OLD_EPHEMERAL_Y = 0xD0000A46;
    private static final BigInteger TWO_W = BigInteger.ONE.shiftLeft(127);

    private BigInteger d;
    private ECPoint ownPublic;
    private BigInteger r;
    private ECPoint ownEphemeral;

    @Override
    void setKey(TransientObject key, TransientObject key2) throws TeeException {
        if (key2 == null) {
            throw EngineSupport.badParameters("SM2 KEP needs the ephemeral key pair as second key");
        }
        d = Sm2.curve().privateKey(key).getD();
        ownPublic = Sm2.curve().publicKey(key).getQ();
        r = Sm2.curve().privateKey(key2).getD();
        ownEphemeral = Sm2.curve().publicKey(key2).getQ();
    }


    /** The parsed parameters. */
    private record Exchange(boolean initiator, ECPoint peer, ECPoint peerEphemeral, byte[] idInitiator,
            byte[] idResponder, byte[] confirmationIn, byte[] confirmationOut) {}

    @Override
    void derive(List<Attribute> params, TransientObject derived) {
        Exchange x = parse(params);
        BigInteger n = Sm2.order();
        BigInteger t = d.add(xBar(ownEphemeral).multiply(r)).mod(n);
        ECPoint u = x.peer().add(x.peerEphemeral().multiply(xBar(x.peerEphemeral()))).multiply(t).normalize();
        if (u.isInfinity()) {
            throw EngineSupport.panic(TeeResult.BAD_STATE, "SM2 KEP: U is the point at infinity");
        }
        byte[] za = Sm2.userHash(x.idInitiator(), x.initiator() ? ownPublic : x.peer());
        byte[] zb = Sm2.userHash(x.idResponder(), x.initiator() ? x.peer() : ownPublic);
        byte[] uxy = Sm2.xy(u);
        byte[] key = Sm2.kdf(concat(uxy, za, zb), derived.info().maxObjectSize());
        ECPoint ra = x.initiator() ? ownEphemeral : x.peerEphemeral();
        ECPoint rb = x.initiator() ? x.peerEphemeral() : ownEphemeral;
        byte[] inner = Sm2.sm3(java.util.Arrays.copyOf(uxy, Sm2.BYTES), za, zb, Sm2.xy(ra), Sm2.xy(rb));
        byte[] yU = java.util.Arrays.copyOfRange(uxy, Sm2.BYTES, 2 * Sm2.BYTES);
        if (x.confirmationIn() != null) {
            byte[] expected = Sm2.sm3(new byte[] {(byte) (x.initiator() ? 0x02 : 0x03)}, yU, inner);
            if (!MessageDigest.isEqual(expected, java.util.Arrays.copyOf(x.confirmationIn(), Sm2.BYTES))) {
                throw EngineSupport.panic(TeeResult.BAD_STATE, "SM2 KEP: the peer's confirmation does not match");
            }
        }
        if (x.confirmationOut() != null) {
            byte[] s = Sm2.sm3(new byte[] {(byte) (x.initiator() ? 0x03 : 0x02)}, yU, inner);
            System.arraycopy(s, 0, x.confirmationOut(), 0, Sm2.BYTES);
        }
        EngineSupport.installSecret(derived, key);
    }

    private static BigInteger xBar(ECPoint p) {
        return TWO_W.add(p.normalize().getAffineXCoord().toBigInteger().mod(TWO_W));
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] p : parts) {
            length += p.length;
        }
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    private static Exchange parse(List<Attribute> params) {
        Attribute user = null;
        byte[][] buffers = new byte[8][];
        for (Attribute a : params) {
            int slot = switch (a.id()) {
                case TeeAttr.ECC_PUBLIC_VALUE_X -> 0;
                case TeeAttr.ECC_PUBLIC_VALUE_Y -> 1;
                case TeeAttr.ECC_EPHEMERAL_PUBLIC_VALUE_X, OLD_EPHEMERAL_X -> 2;
                case TeeAttr.ECC_EPHEMERAL_PUBLIC_VALUE_Y, OLD_EPHEMERAL_Y -> 3;
                case TeeAttr.SM2_ID_INITIATOR -> 4;
                case TeeAttr.SM2_ID_RESPONDER -> 5;
                case TeeAttr.SM2_KEP_CONFIRMATION_IN -> 6;
                case TeeAttr.SM2_KEP_CONFIRMATION_OUT -> 7;
                case TeeAttr.SM2_KEP_USER -> -1;
                default -> throw EngineSupport.panic(TeeResult.BAD_PARAMETERS, String.format("SM2 KEP parameter 0x%08X", a.id()));
            };
            if (slot < 0) {
                user = a;
            } else {
                buffers[slot] = a.buffer();
            }
        }
        for (int i = 0; i < 6; i++) {
            if (buffers[i] == null || user == null) {
                throw EngineSupport.panic(TeeResult.BAD_PARAMETERS, "SM2 KEP: a mandatory parameter is missing");
            }
        }
        for (int i = 6; i < 8; i++) {
            if (buffers[i] != null && buffers[i].length < Sm2.BYTES) {
                throw EngineSupport.panic(TeeResult.BAD_PARAMETERS, "SM2 KEP: a confirmation buffer is shorter than 32 bytes");
            }
        }
        return new Exchange(user.a() == 0, peerPoint(buffers[0], buffers[1]), peerPoint(buffers[2], buffers[3]),
                buffers[4], buffers[5], buffers[6], buffers[7]);
    }

    private static ECPoint peerPoint(byte[] x, byte[] y) {
        ECPoint p = Sm2.curve().point(x, y);
        if (p == null) {
            throw EngineSupport.panic(TeeResult.BAD_STATE, "SM2 KEP: a peer public key is not on the curve");
        }
        return p;
    }
}
