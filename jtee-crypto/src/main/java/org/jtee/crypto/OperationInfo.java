package org.jtee.crypto;

/**
 * {@code TEE_OperationInfo}, as {@code TEE_GetOperationInfo} fills it ({@link Operation#info()}).
 * For an operation that takes two keys (XTS, SM2 key exchange) {@code keySize} and
 * {@code requiredKeyUsage} are 0, as in OP-TEE; {@link Operation#infoMultiple()} has them per key.
 *
 * @param algorithm {@link TeeAlg}
 * @param operationClass {@code TEE_OPERATION_*} ({@link TeeCrypto})
 * @param mode {@code TEE_MODE_*} ({@link TeeCrypto})
 * @param digestLength the digest or MAC length in bytes; for AE the tag length once
 *     {@code TEE_AEInit} set it; 0 where there is none
 * @param maxKeySize the {@code maxKeySize} given to {@code TEE_AllocateOperation}, in bits
 * @param keySize the size in bits of the key last set
 * @param requiredKeyUsage the {@code TEE_USAGE_*} bits a key must allow
 * @param handleState {@code TEE_HANDLE_FLAG_*} bits: initialized, key set, expect two keys, extracting
 */
public record OperationInfo(int algorithm, int operationClass, int mode, int digestLength, int maxKeySize,
        int keySize, int requiredKeyUsage, int handleState) {}
