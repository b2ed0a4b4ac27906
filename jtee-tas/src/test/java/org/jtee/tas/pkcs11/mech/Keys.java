package org.jtee.tas.pkcs11.mech;

import static org.jtee.tas.pkcs11.Ck.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import org.jtee.tas.pkcs11.CkException;

/** Key pairs made through {@link Mechanisms#generateKeyPair}, as the object model would store them. */
final class Keys {
    private Keys() {}

    record Pair(TestKey pub, TestKey priv) {}

    static byte[] u32(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }

    static Pair generate(int mechanism, int keyType, TestKey pubTemplate, TestKey privTemplate) throws CkException {
        Mechanisms.KeyPairValues v = Mechanisms.generateKeyPair(mechanism, Vectors.none(), pubTemplate, privTemplate);
        TestKey pub = new TestKey(CKO_PUBLIC_KEY, keyType);
        pubTemplate.attributes().forEach(pub::with);
        v.publicAttributes().forEach(pub::with);
        TestKey priv = new TestKey(CKO_PRIVATE_KEY, keyType);
        privTemplate.attributes().forEach(priv::with);
        v.privateAttributes().forEach(priv::with);
        for (int f : new int[] {CKA_VERIFY, CKA_ENCRYPT, CKA_WRAP}) {
            pub.set(f);
        }
        for (int f : new int[] {CKA_SIGN, CKA_DECRYPT, CKA_UNWRAP, CKA_DERIVE}) {
            priv.set(f);
        }
        return new Pair(pub, priv);
    }

    static Pair rsa(int bits) throws CkException {
        return generate(CKM_RSA_PKCS_KEY_PAIR_GEN, CKK_RSA,
                new TestKey(CKO_PUBLIC_KEY, CKK_RSA).with(CKA_MODULUS_BITS, u32(bits)), new TestKey(CKO_PRIVATE_KEY, CKK_RSA));
    }

    static Pair ec(EcCurve curve) throws CkException {
        return generate(CKM_EC_KEY_PAIR_GEN, CKK_EC, new TestKey(CKO_PUBLIC_KEY, CKK_EC).with(CKA_EC_PARAMS, curve.oid()),
                new TestKey(CKO_PRIVATE_KEY, CKK_EC));
    }

    static Pair ed25519() throws CkException {
        return generate(CKM_EC_EDWARDS_KEY_PAIR_GEN, CKK_EC_EDWARDS,
                new TestKey(CKO_PUBLIC_KEY, CKK_EC_EDWARDS).with(CKA_EC_PARAMS, EcCurve.ED25519.oid()),
                new TestKey(CKO_PRIVATE_KEY, CKK_EC_EDWARDS));
    }

    static Pair ml(int mechanism, int keyType, int ckp) throws CkException {
        return generate(mechanism, keyType, new TestKey(CKO_PUBLIC_KEY, keyType).with(CKA_PARAMETER_SET, u32(ckp)),
                new TestKey(CKO_PRIVATE_KEY, keyType));
    }

    static Map<Integer, byte[]> none() {
        return Map.of();
    }
}
