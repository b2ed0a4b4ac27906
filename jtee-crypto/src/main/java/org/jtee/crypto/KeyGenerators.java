package org.jtee.crypto;

import java.util.List;
import java.util.Map;

import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;

/** {@code TEE_GenerateKey} for the asymmetric object types. */
final class KeyGenerators {
    private KeyGenerators() {}

    /** Whether {@code objectType} is an asymmetric type generated here. */
    static boolean handles(int objectType) {
        return false;
    }

    /**
     * A new key of {@code objectType} and {@code keySize} bits, from the domain parameters in
     * {@code params} where the type takes them (DH, DSA, ECC curve): every attribute the type
     * holds, by identifier.
     */
    static Map<Integer, Attribute> generate(int objectType, int keySize, List<Attribute> params) throws TeeException {
        throw new TeeException(TeeResult.NOT_SUPPORTED, String.format("key generation for type 0x%08X", objectType));
    }
}
