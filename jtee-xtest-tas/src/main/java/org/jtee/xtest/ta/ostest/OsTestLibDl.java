package org.jtee.xtest.ta.ostest;

import org.jtee.ta.Tee;

/**
 * OP-TEE's os_test_lib_dl ({@link OsTestContract#LIB_DL_UUID}), the shared library os_test loads
 * at run time with {@code dlopen} and calls through {@code dlsym} ({@link Linker}): nothing in the
 * TA names this class, which is loaded by name, and its constructor (this static initialiser:
 * global × 10 + 3) runs at its first load.
 */
final class OsTestLibDl {
    static {
        OsTestGlobal.constructed(3);
    }

    private OsTestLibDl() {}

    @Symbol("os_test_shlib_dl_add")
    static int add(int a, int b) {
        return a + b;
    }

    @Symbol("os_test_shlib_dl_panic")
    static void panic() {
        throw Tee.panic(0);
    }
}
