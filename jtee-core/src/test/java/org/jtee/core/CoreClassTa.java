package org.jtee.core;

import static org.jtee.common.ParamTypes.MEMREF_INPUT;
import static org.jtee.common.ParamTypes.MEMREF_OUTPUT;
import static org.jtee.common.ParamTypes.NONE;

import java.nio.charset.StandardCharsets;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.ta.CallContext;
import org.jtee.ta.Parameters;
import org.jtee.ta.Ta;
import org.jtee.ta.TrustedApplication;

/**
 * A dynamic TA that tries to load classes by name in its host. {@link #CMD_LOAD}: memref[0] is a
 * class name, memref[1] receives one line per class loader tried — the TA's own, then its parent
 * — each {@code "<loader>: loaded"} or {@code "<loader>: <the throwable>"}. {@link #CMD_CLASS_PATH}:
 * memref[1] receives the host's {@code java.class.path}. It names no other class of the core, so
 * nothing of the core is in its JAR.
 */
@Ta(uuid = CoreClassTa.UUID_STRING, version = "1.0", description = "tries to load classes of the core")
public final class CoreClassTa implements TrustedApplication<Object> {
    public static final String UUID_STRING = "f0f0f0f0-0000-4000-8000-0000000c1a55";
    public static final java.util.UUID UUID = java.util.UUID.fromString(UUID_STRING);
    public static final int CMD_LOAD = 0;
    public static final int CMD_CLASS_PATH = 1;

    @Override
    public Object openSession(CallContext call, Parameters params) {
        return null;
    }

    @Override
    public void invokeCommand(Object s, CallContext call, int cmd, Parameters p) throws TeeException {
        p.expect(MEMREF_INPUT, MEMREF_OUTPUT, NONE, NONE);
        String result = switch (cmd) {
            case CMD_LOAD -> load(new String(p.memref(0).toByteArray(), StandardCharsets.UTF_8));
            case CMD_CLASS_PATH -> System.getProperty("java.class.path");
            default -> throw new TeeException(TeeResult.NOT_SUPPORTED, "command " + cmd);
        };
        byte[] text = result.getBytes(StandardCharsets.UTF_8);
        p.memref(1).write(java.util.Arrays.copyOf(text, Math.min(text.length, (int) p.memref(1).size())));
    }

    private static String load(String name) {
        ClassLoader own = CoreClassTa.class.getClassLoader();
        return tryLoad("own", name, own) + "\n" + tryLoad("parent", name, own.getParent());
    }

    private static String tryLoad(String which, String name, ClassLoader loader) {
        try {
            Class.forName(name, false, loader);
            return which + ": loaded";
        } catch (Throwable t) {
            return which + ": " + t;
        }
    }
}
