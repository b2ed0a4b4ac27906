package org.jtee.crypto;

/**
 * Elliptic curves ({@code TEE_ECC_CURVE_*}), the values of {@code TEE_ATTR_ECC_CURVE} and of
 * {@code TEE_IsAlgorithmSupported}'s element.
 */
public final class TeeCurve {
    private TeeCurve() {}

    /** {@code TEE_ECC_CURVE_NIST_P192}. */
    public static final int NIST_P192 = 0x00000001;
    /** {@code TEE_ECC_CURVE_NIST_P224}. */
    public static final int NIST_P224 = 0x00000002;
    /** {@code TEE_ECC_CURVE_NIST_P256}. */
    public static final int NIST_P256 = 0x00000003;
    /** {@code TEE_ECC_CURVE_NIST_P384}. */
    public static final int NIST_P384 = 0x00000004;
    /** {@code TEE_ECC_CURVE_NIST_P521}. */
    public static final int NIST_P521 = 0x00000005;
    /** {@code TEE_ECC_CURVE_25519}. */
    public static final int CURVE_25519 = 0x00000300;
    /** {@code TEE_ECC_CURVE_SM2}. */
    public static final int SM2 = 0x00000400;

    /** {@code TEE_CRYPTO_ELEMENT_NONE}. */
    public static final int NONE = 0;
}
