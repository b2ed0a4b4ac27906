package org.jtee.cli;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jtee.client.Operation;
import org.jtee.client.TeeContext;
import org.jtee.client.TeeSession;
import org.jtee.client.TempMemory;
import org.jtee.common.DefaultLocations;
import org.jtee.common.LoginMethod;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.tas.pkcs11.Ck;

/**
 * The few PKCS#11 calls {@code jtee pkcs11} makes, sent straight to the PKCS#11 TA over the Java
 * client in OP-TEE's TA ABI (docs/pkcs11.md): the control buffer in p0 (u32 words, little-endian,
 * the status word written back into its first four bytes), outputs in p2. One GP session to the
 * TA, public login, as libckteec opens one per {@code C_Initialize}.
 *
 * <p>A call the TA refuses throws {@link Failure}, which names the call and the return code
 * ({@code C_Login: CKR_PIN_INCORRECT}). PINs passed in are not kept: the copies this class makes
 * into control buffers are wiped once the call returns.
 */
final class Pkcs11Client implements AutoCloseable {
    /** OP-TEE's PKCS#11 TA. */
    static final UUID TA = UUID.fromString("fd02c9da-306c-48c7-a49c-bbd827ae86ee");
    /** Bound on the handles one search returns (a token of jtee's holds at most this many objects anyway). */
    private static final int MAX_FOUND = 1 << 20;
    private static final int FIND_BATCH = 256;
    /** Bound on one attribute's value as read back (labels, ids; not key material). */
    private static final int MAX_ATTRIBUTE_BYTES = 64 << 10;
    private static final int UNAVAILABLE = 0xFFFFFFFF;

    private final Path socket;
    private final TeeContext context;
    private final TeeSession session;

    private Pkcs11Client(Path socket, TeeContext context, TeeSession session) {
        this.socket = socket;
        this.context = context;
        this.session = session;
    }

    /** A call the TA answered with a return code other than CKR_OK. */
    static final class Failure extends Exception {
        private final int rv;

        Failure(String call, int rv) {
            super(call + ": " + rvName(rv));
            this.rv = rv;
        }

        int rv() {
            return rv;
        }
    }

    /**
     * Connects to the core on {@code socket} (null: the default one) and opens a session to its
     * PKCS#11 TA.
     */
    static Pkcs11Client connect(Path socket) throws CommandFailure {
        Path path = socket != null ? socket : DefaultLocations.clientSocket();
        TeeContext ctx;
        try {
            ctx = TeeContext.open(path);
        } catch (TeeException e) {
            throw CommandFailure.failed("no TEE is running: no core answers on " + path
                    + " (start one with 'jtee up', or name its --socket)");
        }
        try {
            return new Pkcs11Client(path, ctx, ctx.openSession(TA, LoginMethod.PUBLIC, null));
        } catch (TeeException e) {
            ctx.close();
            throw CommandFailure.failed("the core at " + path + " has no PKCS#11 TA (" + TA + "): "
                    + TeeResult.name(e.result()));
        }
    }

    Path socket() {
        return socket;
    }

    // ---------------------------------------------------------------------------------------
    // Slots and tokens

    /** C_GetSlotList. */
    int[] slots() throws Failure, CommandFailure {
        byte[] out = call("C_GetSlotList", Ck.CMD_SLOT_LIST, new Words().u32(0).bytes(), 64 * 4);
        ByteBuffer b = le(out);
        int[] slots = new int[out.length / 4];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = b.getInt();
        }
        return slots;
    }

    /** What C_GetSlotInfo reports. */
    record SlotInfo(String description, String manufacturer, int flags) {}

    SlotInfo slotInfo(int slot) throws Failure, CommandFailure {
        byte[] out = callExact("C_GetSlotInfo", Ck.CMD_SLOT_INFO, new Words().u32(slot).bytes(), 104);
        return new SlotInfo(text(out, 0, 64), text(out, 64, 32), le(out).getInt(96));
    }

    /** What C_GetTokenInfo reports (the counts the TA gives as 0xFFFFFFFF mean "unavailable"). */
    record TokenInfo(String label, String manufacturer, String model, String serial, int flags, int sessions,
            int rwSessions, int minPin, int maxPin) {
        boolean initialized() {
            return (flags & Ck.CKF_TOKEN_INITIALIZED) != 0;
        }

        boolean userPinInitialized() {
            return (flags & Ck.CKF_USER_PIN_INITIALIZED) != 0;
        }
    }

    TokenInfo tokenInfo(int slot) throws Failure, CommandFailure {
        byte[] out = callExact("C_GetTokenInfo", Ck.CMD_TOKEN_INFO, new Words().u32(slot).bytes(), 160);
        ByteBuffer b = le(out);
        return new TokenInfo(text(out, 0, 32), text(out, 32, 32), text(out, 64, 16), text(out, 80, 16), b.getInt(96),
                b.getInt(104), b.getInt(112), b.getInt(120), b.getInt(116));
    }

    /**
     * C_InitToken: {@code label} is blank-padded to the 32 bytes the token keeps.
     *
     * @throws IllegalArgumentException if the label is longer than 32 bytes in UTF-8
     */
    void initToken(int slot, byte[] soPin, String label) throws Failure, CommandFailure {
        byte[] l = label.getBytes(StandardCharsets.UTF_8);
        if (l.length > 32) {
            throw new IllegalArgumentException("a token label is at most 32 bytes in UTF-8, not " + l.length);
        }
        byte[] padded = new byte[32];
        Arrays.fill(padded, (byte) ' ');
        System.arraycopy(l, 0, padded, 0, l.length);
        byte[] in = new Words().u32(slot).u32(soPin.length).raw(padded).raw(soPin).bytes();
        try {
            call("C_InitToken", Ck.CMD_INIT_TOKEN, in, -1);
        } finally {
            Arrays.fill(in, (byte) 0);
        }
    }

    // ---------------------------------------------------------------------------------------
    // Sessions

    /** C_OpenSession, serial, R/W if {@code rw}; returns the session handle. */
    int openSession(int slot, boolean rw) throws Failure, CommandFailure {
        int flags = Ck.CKF_SERIAL_SESSION | (rw ? Ck.CKF_RW_SESSION : 0);
        byte[] out = callExact("C_OpenSession", Ck.CMD_OPEN_SESSION, new Words().u32(slot).u32(flags).bytes(), 4);
        return le(out).getInt();
    }

    void closeSession(int handle) throws Failure, CommandFailure {
        call("C_CloseSession", Ck.CMD_CLOSE_SESSION, new Words().u32(handle).bytes(), -1);
    }

    /** C_Login as {@code userType} ({@link Ck#CKU_SO} or {@link Ck#CKU_USER}). */
    void login(int handle, int userType, byte[] pin) throws Failure, CommandFailure {
        byte[] in = new Words().u32(handle).u32(userType).u32(pin.length).raw(pin).bytes();
        try {
            call("C_Login", Ck.CMD_LOGIN, in, -1);
        } finally {
            Arrays.fill(in, (byte) 0);
        }
    }

    void logout(int handle) throws Failure, CommandFailure {
        call("C_Logout", Ck.CMD_LOGOUT, new Words().u32(handle).bytes(), -1);
    }

    /** C_InitPIN: sets the user PIN, in a session logged in as SO. */
    void initPin(int handle, byte[] pin) throws Failure, CommandFailure {
        byte[] in = new Words().u32(handle).u32(pin.length).raw(pin).bytes();
        try {
            call("C_InitPIN", Ck.CMD_INIT_PIN, in, -1);
        } finally {
            Arrays.fill(in, (byte) 0);
        }
    }

    // ---------------------------------------------------------------------------------------
    // Objects

    /** C_FindObjectsInit with an empty template, C_FindObjects until done, C_FindObjectsFinal. */
    int[] findAll(int handle) throws Failure, CommandFailure {
        call("C_FindObjectsInit", Ck.CMD_FIND_OBJECTS_INIT, new Words().u32(handle).u32(0).u32(0).bytes(), -1);
        List<Integer> found = new ArrayList<>();
        try {
            while (found.size() < MAX_FOUND) {
                byte[] out = call("C_FindObjects", Ck.CMD_FIND_OBJECTS, new Words().u32(handle).bytes(), FIND_BATCH * 4);
                if (out.length == 0) {
                    break;
                }
                ByteBuffer b = le(out);
                while (b.remaining() >= 4) {
                    found.add(b.getInt());
                }
            }
        } finally {
            call("C_FindObjectsFinal", Ck.CMD_FIND_OBJECTS_FINAL, new Words().u32(handle).bytes(), -1);
        }
        return found.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * C_GetAttributeValue of {@code types}: each value, or null for an attribute the object does
     * not have or does not reveal. Two calls: the sizes, then the values.
     */
    Map<Integer, byte[]> attributes(int handle, int object, int... types) throws Failure, CommandFailure {
        int[] sizes = new int[types.length];
        Map<Integer, byte[]> sized = getAttributes(handle, object, types, sizes);
        for (int i = 0; i < types.length; i++) {
            byte[] v = sized.get(types[i]);
            sizes[i] = v == null ? 0 : Math.min(v.length, MAX_ATTRIBUTE_BYTES);
        }
        return getAttributes(handle, object, types, sizes);
    }

    /** One C_GetAttributeValue offering {@code sizes[i]} bytes for {@code types[i]}; a value's length is its size. */
    private Map<Integer, byte[]> getAttributes(int handle, int object, int[] types, int[] sizes)
            throws Failure, CommandFailure {
        Words template = new Words();
        int recordBytes = 0;
        for (int i = 0; i < types.length; i++) {
            template.u32(types[i]).u32(sizes[i]).raw(new byte[sizes[i]]);
            recordBytes += 8 + sizes[i];
        }
        byte[] records = template.bytes();
        byte[] in = new Words().u32(handle).u32(object).u32(recordBytes).u32(types.length).raw(records).bytes();
        Reply r = invoke(Ck.CMD_GET_ATTRIBUTE_VALUE, in, 8 + recordBytes);
        if (r.rv != Ck.CKR_OK && r.rv != Ck.CKR_ATTRIBUTE_TYPE_INVALID && r.rv != Ck.CKR_ATTRIBUTE_SENSITIVE) {
            throw new Failure("C_GetAttributeValue", r.rv);
        }
        ByteBuffer b = le(r.out);
        if (b.remaining() < 8) {
            throw CommandFailure.failed("the PKCS#11 TA's C_GetAttributeValue reply is short (" + b.remaining() + " bytes)");
        }
        b.position(8);
        Map<Integer, byte[]> values = new LinkedHashMap<>();
        for (int i = 0; i < types.length; i++) {
            int type = b.getInt();
            int size = b.getInt();
            int start = b.position();
            if (size == UNAVAILABLE) {
                values.put(type, null);
            } else if (size > sizes[i] && sizes[i] > 0 || size < 0 || size > MAX_ATTRIBUTE_BYTES) {
                throw CommandFailure.failed("the PKCS#11 TA reported " + Integer.toUnsignedString(size)
                        + " bytes for attribute 0x" + Integer.toHexString(type));
            } else {
                values.put(type, sizes[i] == 0 ? new byte[size] : Arrays.copyOfRange(r.out, start, start + size));
            }
            b.position(start + sizes[i]);
        }
        return values;
    }

    // ---------------------------------------------------------------------------------------
    // Transport

    private record Reply(int rv, byte[] out) {}

    /**
     * Invokes {@code command} with the control buffer {@code in} in p0 and, if {@code outBytes}
     * is not negative, an output buffer of that size in p2; returns the status word and what
     * the TA wrote into p2 (its updated size).
     */
    private Reply invoke(int command, byte[] in, int outBytes) throws CommandFailure {
        byte[] control = Arrays.copyOf(in, Math.max(4, in.length));
        TempMemory p0 = TempMemory.inout(control);
        TempMemory p2 = outBytes < 0 ? null : TempMemory.output(outBytes);
        try {
            session.invokeCommand(command, new Operation(p0, null, p2, null));
            return new Reply(status(command, p0), p2 == null ? new byte[0] : p2.data());
        } catch (TeeException e) {
            if (e.result() == TeeResult.SHORT_BUFFER) {
                return new Reply(Ck.CKR_BUFFER_TOO_SMALL, p2 == null ? new byte[0] : p2.data());
            }
            throw CommandFailure.failed("the PKCS#11 TA failed command " + command + ": " + TeeResult.name(e.result()));
        } finally {
            Arrays.fill(control, (byte) 0);
        }
    }

    private static int status(int command, TempMemory p0) throws CommandFailure {
        if (p0.size() != 4) {
            throw CommandFailure.failed("the PKCS#11 TA answered command " + command + " with a " + p0.size()
                    + "-byte status (4 expected)");
        }
        return le(p0.buffer()).getInt(0);
    }

    /** A call whose output (if any) may be shorter than offered; retried once with the size the TA asks for. */
    private byte[] call(String name, int command, byte[] in, int outBytes) throws Failure, CommandFailure {
        Reply r = invoke(command, in, outBytes);
        if (r.rv == Ck.CKR_BUFFER_TOO_SMALL && outBytes >= 0 && r.out.length > outBytes) {
            r = invoke(command, in, r.out.length);
        }
        if (r.rv != Ck.CKR_OK) {
            throw new Failure(name, r.rv);
        }
        return r.out;
    }

    /** A call with a fixed-size output, which must come back whole. */
    private byte[] callExact(String name, int command, byte[] in, int outBytes) throws Failure, CommandFailure {
        byte[] out = call(name, command, in, outBytes);
        if (out.length != outBytes) {
            throw CommandFailure.failed(name + ": the PKCS#11 TA returned " + out.length + " bytes, not " + outBytes);
        }
        return out;
    }

    /** A control buffer under construction: u32 words (little-endian) and raw bytes, back to back. */
    private static final class Words {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Words u32(int v) {
            out.write(v);
            out.write(v >>> 8);
            out.write(v >>> 16);
            out.write(v >>> 24);
            return this;
        }

        Words raw(byte[] b) {
            out.writeBytes(b);
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }

    private static ByteBuffer le(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** A blank-padded fixed-length field, without its padding. */
    private static String text(byte[] b, int offset, int length) {
        return new String(b, offset, length, StandardCharsets.UTF_8).stripTrailing();
    }

    // ---------------------------------------------------------------------------------------
    // Names

    private static final Map<Integer, String> RV_NAMES = namesOf("CKR_");

    /** The standard's name of a return value ({@code CKR_PIN_INCORRECT}), or its number in hex. */
    static String rvName(int rv) {
        String n = RV_NAMES.get(rv);
        return n != null ? n : "CKR_0x" + Integer.toHexString(rv);
    }

    /** {@link Ck}'s int constants whose names start with {@code prefix}, by value (the first name of a value wins). */
    private static Map<Integer, String> namesOf(String prefix) {
        Map<Integer, String> names = new LinkedHashMap<>();
        for (Field f : Ck.class.getFields()) {
            if (f.getName().startsWith(prefix) && f.getType() == int.class && Modifier.isStatic(f.getModifiers())) {
                try {
                    names.putIfAbsent(f.getInt(null), f.getName());
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return Map.copyOf(names);
    }

    @Override
    public void close() {
        session.close();
        context.close();
    }
}
