package org.jtee.crypto;

import java.util.List;
import java.util.Map;

import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;

/**
 * {@code TEE_GenerateKey} for the asymmetric object types, as OP-TEE's
 * {@code tee_svc_obj_generate_key_*}. Every result holds all the attributes of the type, big
 * integers and EC coordinates unsigned big-endian without leading zero bytes (OP-TEE's
 * {@code crypto_bignum_bn2bin}).
 *
 * <table>
 *   <caption>Types, sizes and parameters</caption>
 *   <tr><th>type<th>key size<th>parameters<th>attributes returned
 *   <tr><td>RSA key pair<td>256–4096<td>optional public exponent<td>n, e, d, p, q, dp, dq, qInv
 *   <tr><td>DSA key pair<td>p's size in whole bytes<td>p, q, g<td>p, q, g, y, x
 *   <tr><td>DH key pair<td>p's size in whole bytes<td>p, g, optional q, X_BITS<td>p, g, [q], X_BITS, y, x
 *   <tr><td>ECDSA/ECDH key pair<td>the curve's<td>ECC_CURVE<td>d, x, y, curve
 *   <tr><td>SM2 DSA/KEP/PKE key pair<td>256<td>none<td>d, x, y
 *   <tr><td>Ed25519, X25519 key pair<td>256<td>none<td>private, public (32 bytes each)
 *   <tr><td>ML-KEM key pair<td>512, 768, 1024<td>optional ML_PARAMETER_SET<td>set, ek, seed, dk
 *   <tr><td>ML-DSA key pair<td>44, 65, 87<td>optional ML_PARAMETER_SET<td>set, pk, seed, sk
 * </table>
 *
 * <p>A size that does not match the parameters is {@code BAD_PARAMETERS}, as in OP-TEE; missing
 * domain parameters too.
 */
final class KeyGenerators {
    private KeyGenerators() {}

    /** Whether {@code objectType} is an asymmetric type generated here. */
    static boolean handles(int objectType) {
        return switch (objectType) {
            case TeeType.RSA_KEYPAIR, TeeType.DSA_KEYPAIR, TeeType.DH_KEYPAIR, TeeType.ECDSA_KEYPAIR,
                    TeeType.ECDH_KEYPAIR, TeeType.SM2_DSA_KEYPAIR, TeeType.SM2_KEP_KEYPAIR, TeeType.SM2_PKE_KEYPAIR,
                    TeeType.ED25519_KEYPAIR, TeeType.X25519_KEYPAIR, TeeType.ML_KEM_KEYPAIR,
                    TeeType.ML_DSA_KEYPAIR -> true;
            default -> false;
        };
    }

    /**
     * A new key of {@code objectType} and {@code keySize} bits, from the domain parameters in
     * {@code params} where the type takes them (DH, DSA, ECC curve): every attribute the type
     * holds, by identifier.
     */
    static Map<Integer, Attribute> generate(int objectType, int keySize, List<Attribute> params) throws TeeException {
        return switch (objectType) {
            case TeeType.RSA_KEYPAIR -> RsaKeyGen.generate(keySize, params);
            case TeeType.DSA_KEYPAIR -> DsaEngine.generate(keySize, params);
            case TeeType.DH_KEYPAIR -> DhEngine.generate(keySize, params);
            case TeeType.ECDSA_KEYPAIR, TeeType.ECDH_KEYPAIR -> EcCurves.generate(keySize, params);
            case TeeType.SM2_DSA_KEYPAIR, TeeType.SM2_KEP_KEYPAIR, TeeType.SM2_PKE_KEYPAIR ->
                    EcCurves.generate(EcCurves.SM2, keySize, false);
            case TeeType.ED25519_KEYPAIR -> Ed25519Engine.generate(keySize);
            case TeeType.X25519_KEYPAIR -> X25519Engine.generate(keySize);
            case TeeType.ML_KEM_KEYPAIR -> MlKemEngine.generate(keySize, params);
            case TeeType.ML_DSA_KEYPAIR -> MlDsaEngine.generate(keySize, params);
            default -> throw new TeeException(TeeResult.NOT_SUPPORTED, String.format("key generation for type 0x%08X", objectType));
        };
    }
}
