package org.jtee.crypto;

/**
 * The constants of the GP cryptographic API that are not algorithm, type, attribute or curve
 * identifiers: operation classes and modes, key usage, handle flags and operation states, with
 * OP-TEE's values; and jtee's operation class for key encapsulation.
 */
public final class TeeCrypto {
    private TeeCrypto() {}

    /** {@code TEE_OPERATION_CIPHER}. */
    public static final int OPERATION_CIPHER = 1;
    /** {@code TEE_OPERATION_MAC}. */
    public static final int OPERATION_MAC = 3;
    /** {@code TEE_OPERATION_AE}. */
    public static final int OPERATION_AE = 4;
    /** {@code TEE_OPERATION_DIGEST}. */
    public static final int OPERATION_DIGEST = 5;
    /** {@code TEE_OPERATION_ASYMMETRIC_CIPHER}. */
    public static final int OPERATION_ASYMMETRIC_CIPHER = 6;
    /** {@code TEE_OPERATION_ASYMMETRIC_SIGNATURE}. */
    public static final int OPERATION_ASYMMETRIC_SIGNATURE = 7;
    /** {@code TEE_OPERATION_KEY_DERIVATION}. */
    public static final int OPERATION_KEY_DERIVATION = 8;
    /** Key encapsulation (ML-KEM); jtee extension, a class GP does not define. */
    public static final int OPERATION_KEM = 0xF;

    /** {@code TEE_MODE_ENCRYPT}. */
    public static final int MODE_ENCRYPT = 0;
    /** {@code TEE_MODE_DECRYPT}. */
    public static final int MODE_DECRYPT = 1;
    /** {@code TEE_MODE_SIGN}. */
    public static final int MODE_SIGN = 2;
    /** {@code TEE_MODE_VERIFY}. */
    public static final int MODE_VERIFY = 3;
    /** {@code TEE_MODE_MAC}. */
    public static final int MODE_MAC = 4;
    /** {@code TEE_MODE_DIGEST}. */
    public static final int MODE_DIGEST = 5;
    /** {@code TEE_MODE_DERIVE}. */
    public static final int MODE_DERIVE = 6;
    /** Key encapsulation with a public key (ML-KEM); jtee extension. */
    public static final int MODE_ENCAPSULATE = 0xF0;
    /** Key decapsulation with a private key (ML-KEM); jtee extension. */
    public static final int MODE_DECAPSULATE = 0xF1;

    /** {@code TEE_USAGE_EXTRACTABLE}. */
    public static final int USAGE_EXTRACTABLE = 0x00000001;
    /** {@code TEE_USAGE_ENCRYPT}. */
    public static final int USAGE_ENCRYPT = 0x00000002;
    /** {@code TEE_USAGE_DECRYPT}. */
    public static final int USAGE_DECRYPT = 0x00000004;
    /** {@code TEE_USAGE_MAC}. */
    public static final int USAGE_MAC = 0x00000008;
    /** {@code TEE_USAGE_SIGN}. */
    public static final int USAGE_SIGN = 0x00000010;
    /** {@code TEE_USAGE_VERIFY}. */
    public static final int USAGE_VERIFY = 0x00000020;
    /** {@code TEE_USAGE_DERIVE}. */
    public static final int USAGE_DERIVE = 0x00000040;
    /** Every usage bit: what a freshly allocated object allows. */
    public static final int USAGE_ALL = 0xFFFFFFFF;

    /** {@code TEE_HANDLE_FLAG_PERSISTENT}. */
    public static final int HANDLE_FLAG_PERSISTENT = 0x00010000;
    /** {@code TEE_HANDLE_FLAG_INITIALIZED}. */
    public static final int HANDLE_FLAG_INITIALIZED = 0x00020000;
    /** {@code TEE_HANDLE_FLAG_KEY_SET}. */
    public static final int HANDLE_FLAG_KEY_SET = 0x00040000;
    /** {@code TEE_HANDLE_FLAG_EXPECT_TWO_KEYS}. */
    public static final int HANDLE_FLAG_EXPECT_TWO_KEYS = 0x00080000;
    /** {@code TEE_HANDLE_FLAG_EXTRACTING}. */
    public static final int HANDLE_FLAG_EXTRACTING = 0x00100000;

    /** {@code TEE_OPERATION_STATE_INITIAL}. */
    public static final int OPERATION_STATE_INITIAL = 0;
    /** {@code TEE_OPERATION_STATE_ACTIVE}. */
    public static final int OPERATION_STATE_ACTIVE = 1;
    /** {@code TEE_OPERATION_STATE_EXTRACTING}. */
    public static final int OPERATION_STATE_EXTRACTING = 2;


    /**
     * {@code TEE_IsAlgorithmSupported}: whether {@code algorithm} can be used, on curve
     * {@code element} ({@link TeeCurve}) for the elliptic-curve algorithms and with
     * {@link TeeCurve#NONE} for all others. The symmetric algorithms are those
     * {@link Operation#allocate} takes (and {@code TEE_ALG_MD5SHA1}, which OP-TEE reports though it
     * serves only RSA signatures); the asymmetric, derivation and KEM ones are those the
     * asymmetric engines support.
     */
    public static boolean isAlgorithmSupported(int algorithm, int element) {
        AlgorithmTable.Spec spec = AlgorithmTable.find(algorithm);
        if ((spec != null && spec.symmetric()) || algorithm == TeeAlg.MD5SHA1) {
            return element == TeeCurve.NONE;
        }
        return spec != null && AsymmetricAlgorithms.isSupported(algorithm, element);
    }

    /** The operation classes ({@code TEE_OPERATION_*}) as an enum. */
    public enum OperationClass {
        CIPHER(OPERATION_CIPHER),
        MAC(OPERATION_MAC),
        AE(OPERATION_AE),
        DIGEST(OPERATION_DIGEST),
        ASYMMETRIC_CIPHER(OPERATION_ASYMMETRIC_CIPHER),
        ASYMMETRIC_SIGNATURE(OPERATION_ASYMMETRIC_SIGNATURE),
        KEY_DERIVATION(OPERATION_KEY_DERIVATION),
        KEM(OPERATION_KEM);

        private final int id;

        OperationClass(int id) {
            this.id = id;
        }

        /** The GP value. */
        public int id() {
            return id;
        }

        /** The class with GP value {@code id}. */
        public static OperationClass of(int id) {
            for (OperationClass c : values()) {
                if (c.id == id) {
                    return c;
                }
            }
            throw new IllegalArgumentException("no operation class " + id);
        }
    }

    /** The operation modes ({@code TEE_MODE_*}) as an enum. */
    public enum Mode {
        ENCRYPT(MODE_ENCRYPT),
        DECRYPT(MODE_DECRYPT),
        SIGN(MODE_SIGN),
        VERIFY(MODE_VERIFY),
        MAC(MODE_MAC),
        DIGEST(MODE_DIGEST),
        DERIVE(MODE_DERIVE),
        ENCAPSULATE(MODE_ENCAPSULATE),
        DECAPSULATE(MODE_DECAPSULATE);

        private final int id;

        Mode(int id) {
            this.id = id;
        }

        /** The GP value. */
        public int id() {
            return id;
        }

        /** The mode with GP value {@code id}. */
        public static Mode of(int id) {
            for (Mode m : values()) {
                if (m.id == id) {
                    return m;
                }
            }
            throw new IllegalArgumentException("no mode " + id);
        }
    }
}
