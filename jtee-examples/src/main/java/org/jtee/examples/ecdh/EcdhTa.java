package org.jtee.examples.ecdh;

import static org.jtee.common.ParamTypes.MEMREF_OUTPUT;
import static org.jtee.common.ParamTypes.NONE;
import static org.jtee.common.ParamTypes.VALUE_INPUT;

import java.security.MessageDigest;
import java.util.List;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.crypto.Attribute;
import org.jtee.crypto.Operation;
import org.jtee.crypto.TeeAlg;
import org.jtee.crypto.TeeAttr;
import org.jtee.crypto.TeeCrypto;
import org.jtee.crypto.TeeCurve;
import org.jtee.crypto.TeeType;
import org.jtee.crypto.TransientObject;
import org.jtee.ta.CallContext;
import org.jtee.ta.Parameters;
import org.jtee.ta.Ta;
import org.jtee.ta.Tee;
import org.jtee.ta.TrustedApplication;

/** OP-TEE's ecdh TA: two fresh key pairs agree on a shared secret, which the client receives. */
@Ta(uuid = EcdhContract.UUID_STRING, version = "1.0", description = "Example of TA deriving an ECDH shared secret")
public final class EcdhTa implements TrustedApplication<Void> {

    /** A curve the TA offers: its GP id and its size in bits. */
    record Curve(int id, int bits) {
        int bytes() {
            return (bits + 7) / 8;
        }
    }

    @Override
    public Void openSession(CallContext call, Parameters params) {
        return null;
    }

    @Override
    public void invokeCommand(Void session, CallContext call, int commandId, Parameters params) throws TeeException {
        if (commandId != EcdhContract.CMD_DERIVE_SELFTEST) {
            throw new TeeException(TeeResult.BAD_PARAMETERS, "unknown command " + commandId);
        }
        params.expect(VALUE_INPUT, NONE, NONE, MEMREF_OUTPUT);
        Curve curve = curve(params.value(0).a());
        byte[] ours;
        byte[] theirs;
        try (TransientObject alice = generate(curve); TransientObject bob = generate(curve)) {
            ours = derive(curve, alice, bob.bufferAttribute(TeeAttr.ECC_PUBLIC_VALUE_X),
                    bob.bufferAttribute(TeeAttr.ECC_PUBLIC_VALUE_Y));
            theirs = derive(curve, bob, alice.bufferAttribute(TeeAttr.ECC_PUBLIC_VALUE_X),
                    alice.bufferAttribute(TeeAttr.ECC_PUBLIC_VALUE_Y));
        } catch (TeeException e) {
            throw Tee.panic(e.result()); // as OP-TEE's TA: a failed key generation or derivation panics
        }
        if (!MessageDigest.isEqual(ours, theirs)) {
            throw new TeeException(TeeResult.GENERIC, "the two sides derived different secrets");
        }
        params.memref(3).write(ours);
    }

    static Curve curve(int id) throws TeeException {
        return switch (id) {
            case EcdhContract.CURVE_P192 -> new Curve(TeeCurve.NIST_P192, 192);
            case EcdhContract.CURVE_P224 -> new Curve(TeeCurve.NIST_P224, 224);
            case EcdhContract.CURVE_P256 -> new Curve(TeeCurve.NIST_P256, 256);
            case EcdhContract.CURVE_P384 -> new Curve(TeeCurve.NIST_P384, 384);
            default -> throw new TeeException(TeeResult.BAD_PARAMETERS, "curve " + Integer.toUnsignedString(id));
        };
    }

    /** A new ECDH key pair on {@code curve}. */
    static TransientObject generate(Curve curve) throws TeeException {
        TransientObject keyPair = TransientObject.allocate(TeeType.ECDH_KEYPAIR, curve.bits());
        try {
            keyPair.generateKey(curve.bits(), Attribute.value(TeeAttr.ECC_CURVE, curve.id(), 0));
            return keyPair;
        } catch (TeeException | RuntimeException e) {
            keyPair.close();
            throw e;
        }
    }

    /**
     * {@code TEE_DeriveKey} with {@code TEE_ALG_ECDH_DERIVE_SHARED_SECRET}: the x-coordinate of
     * our private scalar times the peer's point (x, y), as a generic secret of the curve's size.
     */
    static byte[] derive(Curve curve, TransientObject keyPair, byte[] peerX, byte[] peerY) throws TeeException {
        try (Operation ecdh = Operation.allocate(TeeAlg.ECDH_DERIVE_SHARED_SECRET, TeeCrypto.MODE_DERIVE, curve.bits());
                TransientObject secret = TransientObject.allocate(TeeType.GENERIC_SECRET, curve.bytes() * 8)) {
            ecdh.setKey(keyPair);
            ecdh.deriveKey(List.of(Attribute.ref(TeeAttr.ECC_PUBLIC_VALUE_X, peerX),
                    Attribute.ref(TeeAttr.ECC_PUBLIC_VALUE_Y, peerY)), secret);
            return secret.bufferAttribute(TeeAttr.SECRET_VALUE);
        }
    }
}
