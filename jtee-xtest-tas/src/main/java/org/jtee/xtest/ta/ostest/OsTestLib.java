package org.jtee.xtest.ta.ostest;

import org.jtee.ta.Tee;

/**
 * OP-TEE's os_test_lib ({@link OsTestContract#LIB_UUID}), the shared library linked into os_test:
 * the TA calls it directly, and the {@link Linker} loads it with the TA, before the TA, so its
 * constructor (this static initialiser: global × 10 + 2) runs first. Its thread-local variables
 * are not ported: TLS_TEST_SHLIB answers NOT_SUPPORTED.
 */
final class OsTestLib {
    static {
        OsTestGlobal.constructed(2);
    }

    private OsTestLib() {}

    @Symbol("os_test_shlib_add")
    static int add(int a, int b) {
        return a + b;
    }

    @Symbol("os_test_shlib_panic")
    static void panic() {
        throw Tee.panic(0);
    }
}
