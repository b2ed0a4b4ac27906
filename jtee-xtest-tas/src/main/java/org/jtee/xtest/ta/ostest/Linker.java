package org.jtee.xtest.ta.ostest;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * What OP-TEE's ELF loader (ldelf) and {@code libdl} do for os_test, for a TA written in Java. A
 * <em>module</em> — the TA, a library linked into it, a library opened with {@code dlopen} — is a
 * class of the TA's JAR; loading it runs its static initialiser, which stands for the module's
 * ELF constructors. The TA's own static initialiser {@linkplain #loadTa loads} the TA with its
 * linked libraries, libraries first; {@link #dlopen} loads a library by name (OP-TEE names
 * libraries by UUID) at run time with {@link Class#forName}, once: libraries are opened
 * {@code RTLD_NODELETE}, so {@code dlclose} unloads nothing. Every instance of os_test runs in a
 * TA host of its own, so these statics are the instance's.
 */
final class Linker {
    /** A loaded module: its name and its code. */
    record Module(String name, Class<?> code) {}

    /** The libraries {@link #dlopen} can load, by name. */
    private static final Map<String, String> LIBRARIES = Map.of(
            OsTestContract.LIB_DL_UUID, Linker.class.getPackageName() + ".OsTestLibDl");

    /** The modules loaded, in load order. */
    private static final List<Module> LOADED = new ArrayList<>();

    private Linker() {}

    /**
     * Loads the TA {@code ta} and the library {@code linked} it is linked with: the library's
     * constructors run now, before the rest of the TA's static initialiser (the TA's own).
     */
    static synchronized void loadTa(Class<?> ta, String linkedName, Class<?> linked) {
        LOADED.add(new Module(OsTestContract.UUID_STRING, ta));
        try {
            MethodHandles.lookup().ensureInitialized(linked);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
        LOADED.add(new Module(linkedName, linked));
    }

    /**
     * {@code dlopen(library)}: loads the library at its first open, which runs its constructors.
     *
     * @return a handle on it, or null if there is no such library
     */
    static synchronized Handle dlopen(String library) {
        for (Module m : LOADED) {
            if (m.name().equals(library)) {
                return new Handle(List.of(m));
            }
        }
        String className = LIBRARIES.get(library);
        if (className == null) {
            return null;
        }
        Class<?> code;
        try {
            code = Class.forName(className, true, Linker.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return null;
        }
        Module m = new Module(library, code);
        LOADED.add(m);
        return new Handle(List.of(m));
    }

    /** {@code dlopen(NULL)}: a handle on the global scope, every module loaded now, the TA first. */
    static synchronized Handle dlopenGlobal() {
        return new Handle(List.copyOf(LOADED));
    }

    /**
     * {@code dl_iterate_phdr}: calls {@code callback} for every loaded module, in load order, and
     * returns what it returned last (0 if there is no module), as OP-TEE's does.
     */
    static synchronized int iteratePhdr(ToIntFunction<Module> callback) {
        int last = 0;
        for (Module m : LOADED) {
            last = callback.applyAsInt(m);
        }
        return last;
    }

    /** What {@code dlopen} returns: the modules in which {@link #symbol} looks. */
    static final class Handle implements AutoCloseable {
        private final List<Module> scope;

        private Handle(List<Module> scope) {
            this.scope = scope;
        }

        /**
         * {@code dlsym}: the function exported as {@code symbol} ({@link Symbol}) by the first
         * module of this handle that exports it, of type {@code type}; null if none does.
         */
        MethodHandle symbol(String symbol, MethodType type) {
            for (Module m : scope) {
                for (Method f : m.code().getDeclaredMethods()) {
                    Symbol s = f.getAnnotation(Symbol.class);
                    if (s != null && s.value().equals(symbol)) {
                        return unreflect(f, type);
                    }
                }
            }
            return null;
        }

        private static MethodHandle unreflect(Method f, MethodType type) {
            try {
                MethodHandle h = MethodHandles.lookup().unreflect(f);
                return h.type().equals(type) ? h : null;
            } catch (IllegalAccessException e) {
                return null;
            }
        }

        /** {@code dlclose}: the libraries were opened {@code RTLD_NODELETE} and stay loaded. */
        @Override
        public void close() {}
    }
}
