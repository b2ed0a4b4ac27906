package org.jtee.xtest.ta.ostest;

import static org.jtee.common.ParamTypes.NONE;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.ta.Parameters;

/** The commands on shared libraries, {@code dlopen} and {@code dl_iterate_phdr} (xtest 1019, 1022, 1023, 1030). */
final class Libraries {
    private static final MethodType ADD = MethodType.methodType(int.class, int.class, int.class);
    private static final MethodType PANIC = MethodType.methodType(void.class);
    /** What the callback of {@code dl_iterate_phdr} returns, and so what the iteration must return. */
    private static final int CALLBACK_RESULT = 123;

    private Libraries() {}

    /** CALL_LIB: a call into the linked library. */
    static void callLib(Parameters params) throws TeeException {
        params.expect(NONE, NONE, NONE, NONE);
        if (OsTestLib.add(1, 2) != 3) {
            throw generic("os_test_shlib_add(1, 2) is not 3");
        }
    }

    /** CALL_LIB_PANIC: the linked library panics. */
    static void callLibPanic(Parameters params) throws TeeException {
        params.expect(NONE, NONE, NONE, NONE);
        OsTestLib.panic();
        throw generic("os_test_shlib_panic returned");
    }

    /** CALL_LIB_DL: a function of the dlopen'ed library, found by its own handle and by the global one. */
    static void callLibDl(Parameters params) throws TeeException {
        params.expect(NONE, NONE, NONE, NONE);
        try (Linker.Handle lib = dlopen()) {
            MethodHandle add = lib.symbol("os_test_shlib_dl_add", ADD);
            if (add == null || (int) add.invokeExact(3, 4) != 7) {
                throw generic("os_test_shlib_dl_add(3, 4) is not 7");
            }
            try (Linker.Handle global = Linker.dlopenGlobal()) {
                MethodHandle found = global.symbol("os_test_shlib_dl_add", ADD);
                if (found == null || (int) found.invokeExact(5, 6) != 11) {
                    throw generic("os_test_shlib_dl_add through dlopen(NULL) does not add 5 and 6 to 11");
                }
            }
        } catch (TeeException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** CALL_LIB_DL_PANIC: the dlopen'ed library panics. */
    static void callLibDlPanic(Parameters params) throws TeeException {
        params.expect(NONE, NONE, NONE, NONE);
        MethodHandle panic = dlopen().symbol("os_test_shlib_dl_panic", PANIC);
        if (panic == null) {
            throw generic("no os_test_shlib_dl_panic");
        }
        try {
            panic.invokeExact();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
        throw generic("os_test_shlib_dl_panic returned");
    }

    /** DL_PHDR: at least {@code modules} modules are loaded. */
    static void expectModules(int modules) throws TeeException {
        int[] count = {0};
        int last = Linker.iteratePhdr(m -> {
            count[0]++;
            return CALLBACK_RESULT;
        });
        if (last != CALLBACK_RESULT) {
            throw generic("dl_iterate_phdr returned " + last + ", not its callback's " + CALLBACK_RESULT);
        }
        if (count[0] < modules) {
            throw generic("dl_iterate_phdr visited " + count[0] + " modules, expected at least " + modules);
        }
    }

    /** DL_PHDR_DL: after a dlopen, at least {@code modules} modules are loaded. */
    static void expectModulesAfterDlopen(int modules) throws TeeException {
        try (Linker.Handle lib = dlopen()) {
            expectModules(modules);
        }
    }

    private static Linker.Handle dlopen() throws TeeException {
        Linker.Handle lib = Linker.dlopen(OsTestContract.LIB_DL_UUID);
        if (lib == null) {
            throw generic("dlopen(" + OsTestContract.LIB_DL_UUID + ") failed");
        }
        return lib;
    }

    private static TeeException generic(String why) {
        return new TeeException(TeeResult.GENERIC, why);
    }
}
