package org.jtee.xtest.ta.common;

/**
 * The UUIDs of OP-TEE's test TAs (optee_test/ta), in canonical text form: those ported here, and
 * those the ports call. One place, so that a TA can name another TA without depending on its
 * package (each TA's JAR holds only its own package and this one).
 */
public final class XtestTaUuids {
    /** sims: single instance, multi session. */
    public static final String SIMS = "e6a33ed4-562b-463a-bb7e-ff5e15a493c8";
    /** sims_keepalive: sims, also kept alive with no session. */
    public static final String SIMS_KEEPALIVE = "a4c04d50-f180-11e8-8eb2-f2801f1b9fd1";
    /** miss: sims as a multi-instance TA (an instance per session). */
    public static final String MISS = "528938ce-fc59-11e8-8eb2-f2801f1b9fd1";
    /** concurrent. */
    public static final String CONCURRENT = "e13010e0-2ae1-11e5-896a-0002a5d5c51b";
    /** concurrent_large: concurrent with 2 MiB of data. */
    public static final String CONCURRENT_LARGE = "5ce0c432-0ab0-40e5-a056-782ca0e6aba2";
    /** create_fail_test: its create entry point fails. */
    public static final String CREATE_FAIL_TEST = "c3f6e2c0-3548-11e1-b86c-0800200c9a66";
    /** rpc_test: forwards to crypt. */
    public static final String RPC_TEST = "d17f73a0-36ef-11e1-984a-0002a5d5c51b";
    /** large: a 1 MiB image. */
    public static final String LARGE = "25497083-a58a-4fc5-8a72-1ad7b69b8562";
    /** subkey1: empty. */
    public static final String SUBKEY1 = "5c206987-16a3-59cc-ab0f-64b9cfc9e758";
    /** subkey2: empty. */
    public static final String SUBKEY2 = "a720ccbb-51da-417d-b82e-e5445d474a7a";
    /** crypt: rpc_test and os_test call it. */
    public static final String CRYPT = "cb3e5ba0-adf1-11e0-998b-0002a5d5c51b";
    /** storage: GP trusted storage, an instance per session. */
    public static final String STORAGE = "b689f2a7-8adf-477a-9f99-32e90c0ad0a2";
    /** storage2: storage's code under another UUID, single instance, one session at a time. */
    public static final String STORAGE2 = "731e279e-aafb-4575-a771-38caa6f0cca6";

    private XtestTaUuids() {}
}
