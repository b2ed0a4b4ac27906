package org.jtee.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;
import org.jtee.common.Uuids;

/**
 * Every message of the jtee protocol. Each record documents its body as a table of slots; the
 * frame header around it is described in {@link Wire}. Replies begin with {@code u32 result,
 * u32 origin}: a GP result code and its return origin.
 */
public sealed interface Message {
    /** The frame type ({@link Wire}). */
    int type();

    /** Bytes of the body. */
    int bodySize();

    /** Writes the body (little-endian buffer). */
    void encodeBody(ByteBuffer out);

    /**
     * The protocol version of this message's layout, which its frame's header carries:
     * {@link Wire#VERSION}, or 2 for a message that carries what version 2 adds (a reply's detail,
     * LOAD_TA's REPORT flag, TA_PANIC). Only a link that agreed on version 2 carries such a frame.
     */
    default int frameVersion() {
        return Wire.VERSION;
    }

    /** A reply: result and origin first. */
    sealed interface Reply extends Message {
        int result();

        int origin();
    }

    /**
     * HELLO, first frame on every connection.
     * <pre>u16 min version | u16 max version | u8 role | u8 reserved | u16 reserved</pre>
     */
    record Hello(int minVersion, int maxVersion, int role) implements Message {
        public int type() { return Wire.HELLO; }

        public int bodySize() { return 8; }

        public void encodeBody(ByteBuffer out) {
            out.putShort((short) minVersion).putShort((short) maxVersion).put((byte) role).put((byte) 0).putShort((short) 0);
        }

        static Hello decode(BodyReader in) throws ProtocolException {
            int min = in.u16("min version");
            int max = in.u16("max version");
            int role = in.u8("role");
            in.zero(in.u8("reserved"), "reserved");
            in.zero(in.u16("reserved"), "reserved");
            if (min > max) {
                throw new ProtocolException("version range " + min + ".." + max + " is empty");
            }
            if (Link.ofRole(role) == null) {
                throw new ProtocolException("unknown role " + role);
            }
            return new Hello(min, max, role);
        }
    }

    /**
     * HELLO reply.
     * <pre>u32 result | u32 origin | u16 version chosen | u16 reserved | u32 max frame bytes</pre>
     */
    record HelloReply(int result, int origin, int version, int maxFrameBytes) implements Reply {
        public int type() { return Wire.HELLO | Wire.REPLY; }

        public int bodySize() { return 16; }

        public void encodeBody(ByteBuffer out) {
            out.putInt(result).putInt(origin).putShort((short) version).putShort((short) 0).putInt(maxFrameBytes);
        }

        static HelloReply decode(BodyReader in) throws ProtocolException {
            int result = in.u32("result");
            int origin = in.u32("origin");
            int version = in.u16("version");
            in.zero(in.u16("reserved"), "reserved");
            int max = in.u32("max frame bytes");
            if (max < Wire.MIN_FRAME_LENGTH || max > Wire.MAX_FRAME_BYTES) {
                throw new ProtocolException("max frame bytes " + Integer.toUnsignedString(max) + " out of range");
            }
            return new HelloReply(result, origin, version, max);
        }
    }

    /**
     * OPEN_SESSION.
     * <pre>u8[16] TA UUID | u32 login | u32 connection data (the gid of a GROUP login) | params</pre>
     */
    record OpenSession(UUID ta, int login, int connectionData, WireParams params) implements Message {
        public int type() { return Wire.OPEN_SESSION; }

        public int bodySize() { return 24 + params.requestSize(); }

        public void encodeBody(ByteBuffer out) {
            out.put(Uuids.toBytes(ta)).putInt(login).putInt(connectionData);
            params.encodeRequest(out);
        }

        static OpenSession decode(BodyReader in) throws ProtocolException {
            UUID ta = Uuids.fromBytes(in.bytes(16, "TA UUID"), 0);
            return new OpenSession(ta, in.u32("login"), in.u32("connection data"), WireParams.decodeRequest(in));
        }
    }

    /**
     * OPEN_SESSION reply, and HOST_OPEN and TA_OPEN_SESSION reply.
     * <pre>
     * u32 result | u32 origin | u32 session id (0 on failure) | reply params
     *   [version 2: | u16 detail length (1..4096) | u16 reserved | detail (UTF-8)]
     * </pre>
     *
     * @param detail why the open failed, in words ({@link Details}), or null; only on a link that
     *     agreed on version 2
     */
    record OpenSessionReply(int type, int result, int origin, int sessionId, WireParams params, String detail)
            implements Reply {
        public OpenSessionReply {
            if (type != (Wire.OPEN_SESSION | Wire.REPLY) && type != (Wire.HOST_OPEN | Wire.REPLY)
                    && type != (Wire.TA_OPEN_SESSION | Wire.REPLY)) {
                throw new IllegalArgumentException("not an open-session reply: " + type);
            }
            Details.check(detail);
        }

        /** A reply without a detail (version 1). */
        public OpenSessionReply(int type, int result, int origin, int sessionId, WireParams params) {
            this(type, result, origin, sessionId, params, null);
        }

        public OpenSessionReply(int result, int origin, int sessionId, WireParams params) {
            this(Wire.OPEN_SESSION | Wire.REPLY, result, origin, sessionId, params);
        }

        public int bodySize() { return 12 + params.replySize() + Details.size(detail); }

        public void encodeBody(ByteBuffer out) {
            out.putInt(result).putInt(origin).putInt(sessionId);
            params.encodeReply(out);
            Details.encode(detail, out);
        }

        @Override
        public int frameVersion() {
            return detail == null ? Wire.VERSION : 2;
        }

        static OpenSessionReply decode(int type, BodyReader in) throws ProtocolException {
            return new OpenSessionReply(type, in.u32("result"), in.u32("origin"), in.u32("session id"),
                    WireParams.decodeReply(in), Details.decode(in));
        }
    }

    /** INVOKE. <pre>u32 session id | u32 command id | params</pre> */
    record Invoke(int sessionId, int commandId, WireParams params) implements Message {
        public int type() { return Wire.INVOKE; }

        public int bodySize() { return 8 + params.requestSize(); }

        public void encodeBody(ByteBuffer out) {
            out.putInt(sessionId).putInt(commandId);
            params.encodeRequest(out);
        }

        static Invoke decode(BodyReader in) throws ProtocolException {
            return new Invoke(in.u32("session id"), in.u32("command id"), WireParams.decodeRequest(in));
        }
    }

    /**
     * INVOKE reply, and TA_INVOKE and RPC reply.
     * <pre>
     * u32 result | u32 origin | reply params
     *   [version 2: | u16 detail length (1..4096) | u16 reserved | detail (UTF-8)]
     * </pre>
     *
     * @param detail why the call failed, in words ({@link Details}), or null; only on a link that
     *     agreed on version 2
     */
    record InvokeReply(int type, int result, int origin, WireParams params, String detail) implements Reply {
        public InvokeReply {
            if (type != (Wire.INVOKE | Wire.REPLY) && type != (Wire.RPC | Wire.REPLY) && type != (Wire.TA_INVOKE | Wire.REPLY)) {
                throw new IllegalArgumentException("not an invoke or RPC reply: " + type);
            }
            Details.check(detail);
        }

        /** A reply without a detail (version 1). */
        public InvokeReply(int type, int result, int origin, WireParams params) {
            this(type, result, origin, params, null);
        }

        public InvokeReply(int result, int origin, WireParams params) {
            this(Wire.INVOKE | Wire.REPLY, result, origin, params);
        }

        public int bodySize() { return 8 + params.replySize() + Details.size(detail); }

        public void encodeBody(ByteBuffer out) {
            out.putInt(result).putInt(origin);
            params.encodeReply(out);
            Details.encode(detail, out);
        }

        @Override
        public int frameVersion() {
            return detail == null ? Wire.VERSION : 2;
        }

        static InvokeReply decode(int type, BodyReader in) throws ProtocolException {
            return new InvokeReply(type, in.u32("result"), in.u32("origin"), WireParams.decodeReply(in), Details.decode(in));
        }
    }

    /** CLOSE_SESSION. <pre>u32 session id</pre> */
    record CloseSession(int sessionId) implements Message {
        public int type() { return Wire.CLOSE_SESSION; }

        public int bodySize() { return 4; }

        public void encodeBody(ByteBuffer out) {
            out.putInt(sessionId);
        }

        static CloseSession decode(BodyReader in) throws ProtocolException {
            return new CloseSession(in.u32("session id"));
        }
    }

    /**
     * CANCEL: asks the core to cancel an OPEN_SESSION or INVOKE in flight on the same connection.
     * <pre>u64 request id of the operation to cancel</pre>
     */
    record Cancel(long targetRequestId) implements Message {
        public int type() { return Wire.CANCEL; }

        public int bodySize() { return 8; }

        public void encodeBody(ByteBuffer out) {
            out.putLong(targetRequestId);
        }

        static Cancel decode(BodyReader in) throws ProtocolException {
            return new Cancel(in.u64("target request id"));
        }
    }

    /**
     * REGISTER_SHM: the core maps a segment the client created: the file at {@code path}, or, for
     * an empty path, the file whose descriptor travels with the frame (SCM_RIGHTS).
     * <pre>u64 size | u32 flags (INPUT 1 | OUTPUT 2) | u16 path length | u16 reserved | path (UTF-8)</pre>
     */
    record RegisterShm(long size, int flags, String path) implements Message {
        public int type() { return Wire.REGISTER_SHM; }

        public int bodySize() { return 16 + path.getBytes(StandardCharsets.UTF_8).length; }

        public void encodeBody(ByteBuffer out) {
            byte[] p = path.getBytes(StandardCharsets.UTF_8);
            out.putLong(size).putInt(flags).putShort((short) p.length).putShort((short) 0).put(p);
        }

        static RegisterShm decode(BodyReader in) throws ProtocolException {
            long size = in.length("segment size", Long.MAX_VALUE);
            int flags = in.u32("flags");
            if (flags == 0 || (flags & ~(Wire.SHM_INPUT | Wire.SHM_OUTPUT)) != 0) {
                throw new ProtocolException("shared memory flags " + flags + " are not a non-empty subset of INPUT|OUTPUT");
            }
            int len = in.u16("path length");
            in.zero(in.u16("reserved"), "reserved");
            if (len > Wire.MAX_PATH_BYTES) {
                throw new ProtocolException("path length " + len + " out of range");
            }
            String path;
            try {
                path = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(in.bytes(len, "path"))).toString();
            } catch (CharacterCodingException e) {
                throw new ProtocolException("path is not well-formed UTF-8");
            }
            if (path.indexOf('\0') >= 0) {
                throw new ProtocolException("path contains a NUL byte");
            }
            return new RegisterShm(size, flags, path);
        }
    }

    /** REGISTER_SHM reply. <pre>u32 result | u32 origin | u32 shm id (0 on failure)</pre> */
    record RegisterShmReply(int result, int origin, int shmId) implements Reply {
        public int type() { return Wire.REGISTER_SHM | Wire.REPLY; }

        public int bodySize() { return 12; }

        public void encodeBody(ByteBuffer out) {
            out.putInt(result).putInt(origin).putInt(shmId);
        }

        static RegisterShmReply decode(BodyReader in) throws ProtocolException {
            return new RegisterShmReply(in.u32("result"), in.u32("origin"), in.u32("shm id"));
        }
    }

    /** UNREGISTER_SHM. <pre>u32 shm id</pre> */
    record UnregisterShm(int shmId) implements Message {
        public int type() { return Wire.UNREGISTER_SHM; }

        public int bodySize() { return 4; }

        public void encodeBody(ByteBuffer out) {
            out.putInt(shmId);
        }

        static UnregisterShm decode(BodyReader in) throws ProtocolException {
            return new UnregisterShm(in.u32("shm id"));
        }
    }

    /** Reply of CLOSE_SESSION, CANCEL, UNREGISTER_SHM, LOAD_TA, DESTROY, SHARE_AREA and TA_PANIC. <pre>u32 result | u32 origin</pre> */
    record StatusReply(int type, int result, int origin) implements Reply {
        public StatusReply {
            int req = type & ~Wire.REPLY;
            if ((type & Wire.REPLY) == 0
                    || (req != Wire.CLOSE_SESSION && req != Wire.CANCEL && req != Wire.UNREGISTER_SHM
                            && req != Wire.LOAD_TA && req != Wire.DESTROY && req != Wire.SHARE_AREA
                            && req != Wire.TA_PANIC)) {
                throw new IllegalArgumentException("no status reply for type " + type);
            }
        }

        public int bodySize() { return 8; }

        public void encodeBody(ByteBuffer out) {
            out.putInt(result).putInt(origin);
        }

        static StatusReply decode(int type, BodyReader in) throws ProtocolException {
            return new StatusReply(type, in.u32("result"), in.u32("origin"));
        }
    }

    /**
     * LOAD_TA, core to TA host: the TA's verified JAR and how to run it. Sent once, first — after
     * any number of LOAD_TAs with {@code prepareOnly} set, which a pooled host gets before it is
     * taken: it defines and links the TA's classes (running none of the TA's code) and waits; the
     * LOAD_TA that follows for the same TA and JAR finds them ready.
     * <pre>
     * u8[16] TA UUID | u32 TA thread stack bytes | u32 flags (bit 0: prepare only; bit 1: report, version 2)
     *   | u32 jar length | jar bytes | u32 properties length
     *   | TEE implementation properties (UTF-8 lines "name=type:value")
     * </pre>
     *
     * @param report the core is a development core: the host sends it the message of each
     *     {@code TeeException} the TA's open and invoke entries throw (as the reply's detail) and
     *     the stack trace of a panic (TA_PANIC); version 2
     */
    record LoadTa(UUID ta, int stackBytes, byte[] jar, String teeProperties, boolean prepareOnly, boolean report)
            implements Message {
        /** Flag bit 0: define the classes only. */
        static final int PREPARE_ONLY = 1;
        /** Flag bit 1: report the TA's errors and panics to the core (version 2). */
        static final int REPORT = 2;

        /** A LOAD_TA that loads and creates the instance. */
        public LoadTa(UUID ta, int stackBytes, byte[] jar, String teeProperties) {
            this(ta, stackBytes, jar, teeProperties, false);
        }

        /** A LOAD_TA without the report flag. */
        public LoadTa(UUID ta, int stackBytes, byte[] jar, String teeProperties, boolean prepareOnly) {
            this(ta, stackBytes, jar, teeProperties, prepareOnly, false);
        }

        public int type() { return Wire.LOAD_TA; }

        public int bodySize() { return 32 + jar.length + teeProperties.getBytes(StandardCharsets.UTF_8).length; }

        public void encodeBody(ByteBuffer out) {
            byte[] props = teeProperties.getBytes(StandardCharsets.UTF_8);
            int flags = (prepareOnly ? PREPARE_ONLY : 0) | (report ? REPORT : 0);
            out.put(Uuids.toBytes(ta)).putInt(stackBytes).putInt(flags).putInt(jar.length).put(jar);
            out.putInt(props.length).put(props);
        }

        @Override
        public int frameVersion() {
            return report ? 2 : Wire.VERSION;
        }

        static LoadTa decode(BodyReader in) throws ProtocolException {
            UUID ta = Uuids.fromBytes(in.bytes(16, "TA UUID"), 0);
            int stack = in.u32("stack bytes");
            int flags = in.u32("flags");
            int known = in.version() >= 2 ? PREPARE_ONLY | REPORT : PREPARE_ONLY;
            if ((flags & ~known) != 0) {
                throw new ProtocolException("LOAD_TA flags 0x" + Integer.toHexString(flags) + " name an unknown bit");
            }
            byte[] jar = in.bytes(boundedLength(in.u32("jar length"), "jar"), "jar");
            byte[] props = in.bytes(boundedLength(in.u32("properties length"), "properties"), "properties");
            try {
                return new LoadTa(ta, stack, jar, StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(props)).toString(),
                        (flags & PREPARE_ONLY) != 0, (flags & REPORT) != 0);
            } catch (CharacterCodingException e) {
                throw new ProtocolException("TEE properties are not well-formed UTF-8");
            }
        }

        private static int boundedLength(int length, String what) throws ProtocolException {
            if (length < 0) {
                throw new ProtocolException(what + " length " + Integer.toUnsignedString(length) + " exceeds the frame");
            }
            return length;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof LoadTa l && ta.equals(l.ta) && stackBytes == l.stackBytes && Arrays.equals(jar, l.jar)
                    && teeProperties.equals(l.teeProperties) && prepareOnly == l.prepareOnly && report == l.report;
        }

        @Override
        public int hashCode() {
            return ta.hashCode() * 31 + Arrays.hashCode(jar);
        }

        @Override
        public String toString() {
            return "LoadTa[ta=" + ta + ", stackBytes=" + stackBytes + ", jar=" + jar.length + " bytes"
                    + (prepareOnly ? ", prepare only" : "") + (report ? ", report" : "") + "]";
        }
    }

    /**
     * HOST_OPEN, core to TA host: open a session. The core chose the session id and vouches for
     * the client's identity.
     * <pre>u32 session id | u32 login | u8[16] client UUID | params (VALUE and TMEM slots only)</pre>
     */
    record HostOpen(int sessionId, int login, UUID client, WireParams params) implements Message {
        public int type() { return Wire.HOST_OPEN; }

        public int bodySize() { return 24 + params.requestSize(); }

        public void encodeBody(ByteBuffer out) {
            out.putInt(sessionId).putInt(login).put(Uuids.toBytes(client));
            params.encodeRequest(out);
        }

        static HostOpen decode(BodyReader in) throws ProtocolException {
            int session = in.u32("session id");
            int login = in.u32("login");
            UUID client = Uuids.fromBytes(in.bytes(16, "client UUID"), 0);
            return new HostOpen(session, login, client, WireParams.decodeRequest(in));
        }
    }

    /** DESTROY, core to TA host: run the destroy entry point and exit. Empty body. */
    record Destroy() implements Message {
        public int type() { return Wire.DESTROY; }

        public int bodySize() { return 0; }

        public void encodeBody(ByteBuffer out) {}

        static Destroy decode(BodyReader in) {
            return new Destroy();
        }
    }

    /**
     * RPC, from the core to the supplicant. Command numbers are OP-TEE's
     * ({@code OPTEE_RPC_CMD_*}, see {@link Rpc}).
     * <pre>u32 command | params (TMEM and VALUE slots only)</pre>
     */
    record RpcRequest(int command, WireParams params) implements Message {
        public int type() { return Wire.RPC; }

        public int bodySize() { return 4 + params.requestSize(); }

        public void encodeBody(ByteBuffer out) {
            out.putInt(command);
            params.encodeRequest(out);
        }

        static RpcRequest decode(BodyReader in) throws ProtocolException {
            int command = in.u32("command");
            WireParams params = WireParams.decodeRequest(in);
            for (int i = 0; i < 4; i++) {
                if (params.get(i) instanceof WireParam.ShmRef) {
                    throw new ProtocolException("RPC parameter " + i + " names shared memory; RPCs carry memory inline");
                }
            }
            return new RpcRequest(command, params);
        }
    }

    /**
     * MAP_MEMORY, core to TA host, no reply: region {@code region} of the host is now the shared
     * memory whose descriptor travels with this frame (SCM_RIGHTS on the host's socket), mapped
     * for {@code size} bytes; whatever the region held before is unmapped. {@code size} 0 unmaps
     * the region and carries no descriptor. Memory references of later requests name the region
     * in their {@code SHM} slots (shm id = region).
     * <pre>u32 region | u32 flags (0) | u64 size</pre>
     */
    record MapMemory(int region, long size) implements Message {
        public int type() { return Wire.MAP_MEMORY; }

        public int bodySize() { return 16; }

        public void encodeBody(ByteBuffer out) {
            out.putInt(region).putInt(0).putLong(size);
        }

        static MapMemory decode(BodyReader in) throws ProtocolException {
            int region = in.u32("region");
            in.zero(in.u32("flags"), "flags");
            long size = in.u64("size");
            if (size < 0) {
                throw new ProtocolException("MAP_MEMORY size " + Long.toUnsignedString(size) + " is out of range");
            }
            return new MapMemory(region, size);
        }
    }

    /**
     * TA_OPEN_SESSION, TA host to core: {@code TEE_OpenTASession} of the host's TA. The core sets
     * the callee's client (login {@code TRUSTED_APP} and the TA's UUID). When the timeout expires
     * the core cancels the callee's open as a client's {@code TEEC_RequestCancellation} would.
     * Reply: an {@link OpenSessionReply} of type {@code TA_OPEN_SESSION | REPLY}.
     * <pre>u32 cancellation timeout (ms; 0xFFFFFFFF: none) | u8[16] TA UUID | params</pre>
     */
    record TaOpenSession(long timeoutMillis, UUID ta, WireParams params) implements Message {
        public TaOpenSession {
            checkTimeout(timeoutMillis);
        }

        public int type() { return Wire.TA_OPEN_SESSION; }

        public int bodySize() { return 20 + params.requestSize(); }

        public void encodeBody(ByteBuffer out) {
            out.putInt((int) timeoutMillis).put(Uuids.toBytes(ta));
            params.encodeRequest(out);
        }

        static TaOpenSession decode(BodyReader in) throws ProtocolException {
            long timeout = Integer.toUnsignedLong(in.u32("cancellation timeout"));
            UUID ta = Uuids.fromBytes(in.bytes(16, "TA UUID"), 0);
            return new TaOpenSession(timeout, ta, WireParams.decodeRequest(in));
        }
    }

    /**
     * TA_INVOKE, TA host to core: {@code TEE_InvokeTACommand} on a session the host's TA opened,
     * cancelled by the core when the timeout expires. Reply: an {@link InvokeReply} of type
     * {@code TA_INVOKE | REPLY}.
     * <pre>u32 cancellation timeout (ms; 0xFFFFFFFF: none) | u32 session id | u32 command id | params</pre>
     */
    record TaInvoke(long timeoutMillis, int sessionId, int commandId, WireParams params) implements Message {
        public TaInvoke {
            checkTimeout(timeoutMillis);
        }

        public int type() { return Wire.TA_INVOKE; }

        public int bodySize() { return 12 + params.requestSize(); }

        public void encodeBody(ByteBuffer out) {
            out.putInt((int) timeoutMillis).putInt(sessionId).putInt(commandId);
            params.encodeRequest(out);
        }

        static TaInvoke decode(BodyReader in) throws ProtocolException {
            long timeout = Integer.toUnsignedLong(in.u32("cancellation timeout"));
            return new TaInvoke(timeout, in.u32("session id"), in.u32("command id"), WireParams.decodeRequest(in));
        }
    }

    private static void checkTimeout(long timeoutMillis) {
        if (timeoutMillis < 0 || timeoutMillis > Wire.TIMEOUT_INFINITE) {
            throw new IllegalArgumentException("a cancellation timeout is a u32 of milliseconds, not " + timeoutMillis);
        }
    }

    /**
     * SHARE_AREA, TA host to core: the TA's own call (to another TA) needs {@code bytes} of
     * memory-reference data; the core maps an area of at least that size into the host (a
     * MAP_MEMORY frame before the reply) that the host writes and the core reads. Reply: status.
     * <pre>u64 bytes</pre>
     */
    record ShareArea(long bytes) implements Message {
        public int type() { return Wire.SHARE_AREA; }

        public int bodySize() { return 8; }

        public void encodeBody(ByteBuffer out) {
            out.putLong(bytes);
        }

        static ShareArea decode(BodyReader in) throws ProtocolException {
            long bytes = in.u64("bytes");
            if (bytes < 0) {
                throw new ProtocolException("SHARE_AREA bytes " + Long.toUnsignedString(bytes) + " is out of range");
            }
            return new ShareArea(bytes);
        }
    }

    /**
     * TA_PANIC, TA host to core, version 2: the host's TA panicked (an uncaught throwable, a
     * {@code Tee.panic}), and {@code report} is the stack trace of what it threw — class, message,
     * frames, causes — cut to {@link Wire#MAX_PANIC_REPORT_BYTES}. Sent only when LOAD_TA carried
     * the REPORT flag, during a call of the core's (the TA thread is the only one that sends it);
     * the host exits after the reply (status). The report is the TA's, as untrusted as its code.
     * <pre>u32 report length (1..16384) | report (UTF-8)</pre>
     */
    record PanicReport(String report) implements Message {
        public PanicReport {
            int bytes = report.getBytes(StandardCharsets.UTF_8).length;
            if (bytes < 1 || bytes > Wire.MAX_PANIC_REPORT_BYTES) {
                throw new IllegalArgumentException("a panic report is 1 to " + Wire.MAX_PANIC_REPORT_BYTES
                        + " bytes, not " + bytes + " (Details.bounded cuts one)");
            }
        }

        public int type() { return Wire.TA_PANIC; }

        public int bodySize() { return 4 + report.getBytes(StandardCharsets.UTF_8).length; }

        public void encodeBody(ByteBuffer out) {
            byte[] text = report.getBytes(StandardCharsets.UTF_8);
            out.putInt(text.length).put(text);
        }

        @Override
        public int frameVersion() {
            return 2;
        }

        static PanicReport decode(BodyReader in) throws ProtocolException {
            return new PanicReport(in.utf8(in.u32("report length"), Wire.MAX_PANIC_REPORT_BYTES, "panic report"));
        }
    }
}
