package org.jtee.tas.pkcs11;

/**
 * Every bound the PKCS#11 TA keeps, in one place. A request that would pass one fails with
 * {@code CKR_DEVICE_MEMORY} (or the code the standard names for it, given where it is checked)
 * and costs only its caller: nothing is stored, and other clients and sessions go on.
 */
final class Limits {
    private Limits() {}

    /** Tokens (slots), as OP-TEE's default {@code CFG_PKCS11_TA_TOKEN_COUNT}. */
    static final int TOKENS = 3;
    /** Bytes of a control buffer (p0) the TA reads. */
    static final int MAX_CONTROL_BYTES = 1 << 20;
    /** Bytes of one attribute template (its records, nested ones included). */
    static final int MAX_TEMPLATE_BYTES = 256 * 1024;
    /** Attribute records in one template (each nested template counts its own). */
    static final int MAX_TEMPLATE_ATTRIBUTES = 256;
    /** Nesting of CKA_WRAP/UNWRAP/DERIVE_TEMPLATE, as the reference TA (deeper: TEMPLATE_INCONSISTENT). */
    static final int MAX_TEMPLATE_DEPTH = 5;
    /** PKCS#11 sessions of one client (one TEE session). */
    static final int MAX_SESSIONS_PER_CLIENT = 1024;
    /** PKCS#11 sessions on one token, all clients together. */
    static final int MAX_SESSIONS_PER_TOKEN = 4096;
    /** Session objects of one client, all its sessions together. */
    static final int MAX_SESSION_OBJECTS_PER_CLIENT = 4096;
    /** Token objects of one token. */
    static final int MAX_TOKEN_OBJECTS = 50_000;
    /** Object handles one client holds (session and token objects, destroyed-elsewhere marks included). */
    static final int MAX_HANDLES_PER_CLIENT = MAX_SESSION_OBJECTS_PER_CLIENT + MAX_TOKEN_OBJECTS;
    /** Bytes GENERATE_RANDOM produces in one call. */
    static final int MAX_RANDOM_BYTES = 1 << 20;
    /** PIN lengths for new PINs (shorter or longer: PIN_LEN_RANGE, or ARGUMENTS_BAD in INIT_TOKEN). */
    static final int MIN_PIN_BYTES = 4;
    static final int MAX_PIN_BYTES = 128;
    /** Failed PIN checks before a PIN locks, as the reference TA. */
    static final int MAX_PIN_FAILURES = 7;
}
