package org.jtee.protocol;

/**
 * Constants of the jtee wire protocol (see {@code docs/protocol.md}).
 *
 * <pre>
 * frame:  +--------+---------+------+-------+------------+----------------+
 *         | length | version | type | flags | request id | body ...       |
 *         | u32    | u8      | u8   | u16   | u64        | length-12 bytes|
 *         +--------+---------+------+-------+------------+----------------+
 * </pre>
 * All integers are little-endian; UUIDs are 16 octets in big-endian (RFC 4122) order.
 * {@code length} counts the bytes after itself: 12 + body length.
 */
public final class Wire {
    /**
     * Version 1 of the protocol: the version in the header of every frame whose layout version 2
     * leaves as it is — all of them except those that carry what version 2 adds.
     */
    public static final int VERSION = 1;
    /**
     * The highest version this implementation speaks. Version 2 adds, on a link that agreed on it:
     * a detail (why a call failed, in words) at the end of an OPEN_SESSION, HOST_OPEN,
     * TA_OPEN_SESSION, INVOKE, TA_INVOKE or RPC reply; LOAD_TA's {@code REPORT} flag; and
     * TA_PANIC. A frame that uses one of them carries 2 in its header, every other frame 1.
     */
    public static final int MAX_VERSION = 2;
    /** The longest detail a reply carries, in UTF-8 bytes (version 2). */
    public static final int MAX_DETAIL_BYTES = 4096;
    /** The longest report a TA_PANIC carries, in UTF-8 bytes (version 2). */
    public static final int MAX_PANIC_REPORT_BYTES = 16 << 10;
    /** Bytes of the length prefix. */
    public static final int LENGTH_BYTES = 4;
    /** Bytes of the fixed header, length prefix included. */
    public static final int HEADER_BYTES = 16;
    /** The hard upper bound on {@code length} any peer accepts: 16 MiB. */
    public static final int MAX_FRAME_BYTES = 16 << 20;
    /** Smallest valid {@code length}: a header with an empty body. */
    public static final int MIN_FRAME_LENGTH = HEADER_BYTES - LENGTH_BYTES;
    /** Bit set in the type of a reply: reply type = request type | REPLY. */
    public static final int REPLY = 0x80;

    // Message types (requests). Replies carry type | REPLY.
    public static final int HELLO = 0x01;
    public static final int OPEN_SESSION = 0x02;
    public static final int INVOKE = 0x03;
    public static final int CLOSE_SESSION = 0x04;
    public static final int CANCEL = 0x05;
    public static final int REGISTER_SHM = 0x06;
    public static final int UNREGISTER_SHM = 0x07;
    /** A remote procedure call from the core to the supplicant, or from a TA host to the core. */
    public static final int RPC = 0x20;
    /** Core to TA host: the verified TA image to run. */
    public static final int LOAD_TA = 0x30;
    /** Core to TA host: open a session of the instance, on behalf of a client identity. */
    public static final int HOST_OPEN = 0x31;
    /** Core to TA host: the instance's destroy entry point, then the host exits. */
    public static final int DESTROY = 0x32;
    /** Core to TA host, no reply: map (or unmap) shared memory, its descriptor attached to the frame. */
    public static final int MAP_MEMORY = 0x33;
    /** TA host to core: a writable area for the memory references of the TA's own calls. */
    public static final int SHARE_AREA = 0x34;
    /** TA host to core: {@code TEE_OpenTASession} of the host's TA, with its cancellation timeout. */
    public static final int TA_OPEN_SESSION = 0x35;
    /** TA host to core: {@code TEE_InvokeTACommand} of the host's TA, with its cancellation timeout. */
    public static final int TA_INVOKE = 0x36;
    /**
     * TA host to core, version 2: the TA panicked; the stack trace of what it threw, for the
     * core's log of a development core. The host exits after the reply.
     */
    public static final int TA_PANIC = 0x37;
    /**
     * The cancellation timeout of TA_OPEN_SESSION and TA_INVOKE that means none:
     * {@code TEE_TIMEOUT_INFINITE}, the value of {@code org.jtee.ta.Tee.TIMEOUT_INFINITE}, which
     * is kept apart so that neither module depends on the other (jtee-tahost's HostTaSessionTest
     * checks that they agree).
     */
    public static final long TIMEOUT_INFINITE = 0xFFFF_FFFFL;

    /** Roles announced in HELLO, one per {@link Link}. */
    public static final int ROLE_CLIENT = 1;
    public static final int ROLE_SUPPLICANT = 2;
    public static final int ROLE_TA_HOST = 3;

    /** Shared-memory flags, as {@code TEEC_MEM_INPUT} and {@code TEEC_MEM_OUTPUT}. */
    public static final int SHM_INPUT = 1;
    public static final int SHM_OUTPUT = 2;

    /** Longest shared-memory segment path in REGISTER_SHM, in bytes. */
    public static final int MAX_PATH_BYTES = 4096;

    private Wire() {}

    /**
     * The name of a type code, as {@link MessageType} lists it ("INVOKE", "INVOKE_REPLY"); a code
     * not in the table is shown in hex ("0x40", "0x40_REPLY").
     */
    public static String typeName(int type) {
        MessageType t = MessageType.of(type);
        if (t != null) {
            return t.name();
        }
        String base = String.format("0x%02x", type & ~REPLY);
        return (type & REPLY) != 0 ? base + "_REPLY" : base;
    }
}
