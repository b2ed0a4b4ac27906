package org.jtee.crypto;

import java.util.List;

/**
 * {@code TEE_OperationInfoMultiple}, as {@code TEE_GetOperationInfoMultiple} fills it
 * ({@link Operation#infoMultiple()}): the operation's state and one entry per key it takes (none
 * for a digest, two for XTS and SM2 key exchange).
 *
 * @param algorithm {@link TeeAlg}
 * @param operationClass {@code TEE_OPERATION_*}
 * @param mode {@code TEE_MODE_*}
 * @param digestLength as in {@link OperationInfo#digestLength()}
 * @param maxKeySize as given to {@code TEE_AllocateOperation}, in bits
 * @param handleState {@code TEE_HANDLE_FLAG_*} bits
 * @param operationState {@code TEE_OPERATION_STATE_*}: initial, active or extracting
 * @param keyInformation the keys, in order (key 1, key 2); an entry's size is 0 while no key is set
 */
public record OperationInfoMultiple(int algorithm, int operationClass, int mode, int digestLength, int maxKeySize,
        int handleState, int operationState, List<KeyInformation> keyInformation) {

    public OperationInfoMultiple {
        keyInformation = List.copyOf(keyInformation);
    }

    /** {@code numberOfKeys}. */
    public int numberOfKeys() {
        return keyInformation.size();
    }

    /**
     * {@code TEE_OperationInfoKey}.
     *
     * @param keySize the key's size in bits, 0 while none is set
     * @param requiredKeyUsage the {@code TEE_USAGE_*} bits the key must allow
     */
    public record KeyInformation(int keySize, int requiredKeyUsage) {}
}
