package org.jtee.protocol;

import static org.jtee.protocol.Link.CLIENT;
import static org.jtee.protocol.Link.SUPPLICANT;
import static org.jtee.protocol.Link.TA_HOST;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * The message types of the jtee protocol, as one table: the type code in the frame header, the
 * record that carries the body and its decoder, and which links may carry the type in which
 * direction. {@link Codec} decodes through this table, {@link Wire#typeName} names types from it,
 * and {@link Link#checkToCore} and {@link Link#checkFromCore} check every frame against it.
 *
 * <p>Each request's reply type is its code with {@link Wire#REPLY} set ({@link #reply()}). On
 * every link, the side that receives a request is the side that sends its reply; the one
 * exceptions are CANCEL and MAP_MEMORY on the TA host link, which a host does not answer. Encoding needs no table:
 * every {@link Message} record writes its own body.
 *
 * <pre>
 *  code  type                  record            sent to the core by      sent by the core to
 *  0x01  HELLO                 Hello             client, supplicant, host -
 *  0x81  HELLO_REPLY           HelloReply        -                        client, supplicant, host
 *  0x02  OPEN_SESSION          OpenSession       client                   -
 *  0x82  OPEN_SESSION_REPLY    OpenSessionReply  -                        client
 *  0x03  INVOKE                Invoke            client                   host
 *  0x83  INVOKE_REPLY          InvokeReply       host                     client
 *  0x04  CLOSE_SESSION         CloseSession      client, host             host
 *  0x84  CLOSE_SESSION_REPLY   StatusReply       host                     client, host
 *  0x05  CANCEL                Cancel            client                   host
 *  0x85  CANCEL_REPLY          StatusReply       -                        client
 *  0x06  REGISTER_SHM          RegisterShm       client                   -
 *  0x86  REGISTER_SHM_REPLY    RegisterShmReply  -                        client
 *  0x07  UNREGISTER_SHM        UnregisterShm     client                   -
 *  0x87  UNREGISTER_SHM_REPLY  StatusReply       -                        client
 *  0x20  RPC                   RpcRequest        host                     supplicant
 *  0xA0  RPC_REPLY             InvokeReply       supplicant               host
 *  0x30  LOAD_TA               LoadTa            -                        host
 *  0xB0  LOAD_TA_REPLY         StatusReply       host                     -
 *  0x31  HOST_OPEN             HostOpen          -                        host
 *  0xB1  HOST_OPEN_REPLY       OpenSessionReply  host                     -
 *  0x32  DESTROY               Destroy           -                        host
 *  0xB2  DESTROY_REPLY         StatusReply       host                     -
 *  0x33  MAP_MEMORY            MapMemory         -                        host
 *  0x34  SHARE_AREA            ShareArea         host                     -
 *  0xB4  SHARE_AREA_REPLY      StatusReply       -                        host
 *  0x35  TA_OPEN_SESSION       TaOpenSession     host                     -
 *  0xB5  TA_OPEN_SESSION_REPLY OpenSessionReply  -                        host
 *  0x36  TA_INVOKE             TaInvoke          host                     -
 *  0xB6  TA_INVOKE_REPLY       InvokeReply       -                        host
 *  0x37  TA_PANIC              PanicReport       host                     -
 *  0xB7  TA_PANIC_REPLY        StatusReply       -                        host
 * </pre>
 * {@code docs/protocol.md} shows the same table; {@code MessageTypeTest} keeps the two in step.
 */
public enum MessageType {
    HELLO(Wire.HELLO, Message.Hello.class, (t, in) -> Message.Hello.decode(in),
            to(CLIENT, SUPPLICANT, TA_HOST), from()),
    HELLO_REPLY(Wire.HELLO | Wire.REPLY, Message.HelloReply.class, (t, in) -> Message.HelloReply.decode(in),
            to(), from(CLIENT, SUPPLICANT, TA_HOST)),
    OPEN_SESSION(Wire.OPEN_SESSION, Message.OpenSession.class, (t, in) -> Message.OpenSession.decode(in),
            to(CLIENT), from()),
    OPEN_SESSION_REPLY(Wire.OPEN_SESSION | Wire.REPLY, Message.OpenSessionReply.class, Message.OpenSessionReply::decode,
            to(), from(CLIENT)),
    INVOKE(Wire.INVOKE, Message.Invoke.class, (t, in) -> Message.Invoke.decode(in),
            to(CLIENT), from(TA_HOST)),
    INVOKE_REPLY(Wire.INVOKE | Wire.REPLY, Message.InvokeReply.class, Message.InvokeReply::decode,
            to(TA_HOST), from(CLIENT)),
    CLOSE_SESSION(Wire.CLOSE_SESSION, Message.CloseSession.class, (t, in) -> Message.CloseSession.decode(in),
            to(CLIENT, TA_HOST), from(TA_HOST)),
    CLOSE_SESSION_REPLY(Wire.CLOSE_SESSION | Wire.REPLY, Message.StatusReply.class, Message.StatusReply::decode,
            to(TA_HOST), from(CLIENT, TA_HOST)),
    /** On the TA host link, CANCEL has no reply. */
    CANCEL(Wire.CANCEL, Message.Cancel.class, (t, in) -> Message.Cancel.decode(in),
            to(CLIENT), from(TA_HOST)),
    CANCEL_REPLY(Wire.CANCEL | Wire.REPLY, Message.StatusReply.class, Message.StatusReply::decode,
            to(), from(CLIENT)),
    REGISTER_SHM(Wire.REGISTER_SHM, Message.RegisterShm.class, (t, in) -> Message.RegisterShm.decode(in),
            to(CLIENT), from()),
    REGISTER_SHM_REPLY(Wire.REGISTER_SHM | Wire.REPLY, Message.RegisterShmReply.class,
            (t, in) -> Message.RegisterShmReply.decode(in), to(), from(CLIENT)),
    UNREGISTER_SHM(Wire.UNREGISTER_SHM, Message.UnregisterShm.class, (t, in) -> Message.UnregisterShm.decode(in),
            to(CLIENT), from()),
    UNREGISTER_SHM_REPLY(Wire.UNREGISTER_SHM | Wire.REPLY, Message.StatusReply.class, Message.StatusReply::decode,
            to(), from(CLIENT)),
    /** Core to supplicant: a service of the normal world. Host to core: the REE time. */
    RPC(Wire.RPC, Message.RpcRequest.class, (t, in) -> Message.RpcRequest.decode(in),
            to(TA_HOST), from(SUPPLICANT)),
    RPC_REPLY(Wire.RPC | Wire.REPLY, Message.InvokeReply.class, Message.InvokeReply::decode,
            to(SUPPLICANT), from(TA_HOST)),
    LOAD_TA(Wire.LOAD_TA, Message.LoadTa.class, (t, in) -> Message.LoadTa.decode(in),
            to(), from(TA_HOST)),
    LOAD_TA_REPLY(Wire.LOAD_TA | Wire.REPLY, Message.StatusReply.class, Message.StatusReply::decode,
            to(TA_HOST), from()),
    HOST_OPEN(Wire.HOST_OPEN, Message.HostOpen.class, (t, in) -> Message.HostOpen.decode(in),
            to(), from(TA_HOST)),
    HOST_OPEN_REPLY(Wire.HOST_OPEN | Wire.REPLY, Message.OpenSessionReply.class, Message.OpenSessionReply::decode,
            to(TA_HOST), from()),
    DESTROY(Wire.DESTROY, Message.Destroy.class, (t, in) -> Message.Destroy.decode(in),
            to(), from(TA_HOST)),
    DESTROY_REPLY(Wire.DESTROY | Wire.REPLY, Message.StatusReply.class, Message.StatusReply::decode,
            to(TA_HOST), from()),
    /** No reply. */
    MAP_MEMORY(Wire.MAP_MEMORY, Message.MapMemory.class, (t, in) -> Message.MapMemory.decode(in),
            to(), from(TA_HOST)),
    SHARE_AREA(Wire.SHARE_AREA, Message.ShareArea.class, (t, in) -> Message.ShareArea.decode(in),
            to(TA_HOST), from()),
    SHARE_AREA_REPLY(Wire.SHARE_AREA | Wire.REPLY, Message.StatusReply.class, Message.StatusReply::decode,
            to(), from(TA_HOST)),
    /** A TA's {@code TEE_OpenTASession}, with its cancellation timeout. */
    TA_OPEN_SESSION(Wire.TA_OPEN_SESSION, Message.TaOpenSession.class, (t, in) -> Message.TaOpenSession.decode(in),
            to(TA_HOST), from()),
    TA_OPEN_SESSION_REPLY(Wire.TA_OPEN_SESSION | Wire.REPLY, Message.OpenSessionReply.class,
            Message.OpenSessionReply::decode, to(), from(TA_HOST)),
    /** A TA's {@code TEE_InvokeTACommand}, with its cancellation timeout. */
    TA_INVOKE(Wire.TA_INVOKE, Message.TaInvoke.class, (t, in) -> Message.TaInvoke.decode(in),
            to(TA_HOST), from()),
    TA_INVOKE_REPLY(Wire.TA_INVOKE | Wire.REPLY, Message.InvokeReply.class, Message.InvokeReply::decode,
            to(), from(TA_HOST)),
    /** Version 2: the stack trace of the host's TA, which panicked; the host exits after the reply. */
    TA_PANIC(Wire.TA_PANIC, Message.PanicReport.class, (t, in) -> Message.PanicReport.decode(in),
            to(TA_HOST), from()),
    TA_PANIC_REPLY(Wire.TA_PANIC | Wire.REPLY, Message.StatusReply.class, Message.StatusReply::decode,
            to(), from(TA_HOST));

    /** Decodes the body of one type; {@code type} tells records shared by several types apart. */
    @FunctionalInterface
    interface BodyDecoder {
        Message decode(int type, BodyReader in) throws ProtocolException;
    }

    private static final MessageType[] BY_CODE = new MessageType[256];

    static {
        for (MessageType t : values()) {
            if (BY_CODE[t.code] != null) {
                throw new ExceptionInInitializerError("type code " + t.code + " listed twice");
            }
            BY_CODE[t.code] = t;
        }
    }

    private final int code;
    private final Class<? extends Message> record;
    private final BodyDecoder decoder;
    private final Set<Link> toCore;
    private final Set<Link> fromCore;

    MessageType(int code, Class<? extends Message> record, BodyDecoder decoder, Set<Link> toCore, Set<Link> fromCore) {
        this.code = code;
        this.record = record;
        this.decoder = decoder;
        this.toCore = Collections.unmodifiableSet(toCore);
        this.fromCore = Collections.unmodifiableSet(fromCore);
    }

    private static Set<Link> to(Link... links) {
        return links.length == 0 ? EnumSet.noneOf(Link.class) : EnumSet.of(links[0], links);
    }

    private static Set<Link> from(Link... links) {
        return to(links);
    }

    /** The type with this code (the header's type byte), or null if there is none. */
    public static MessageType of(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }

    /** The code in the frame header. */
    public int code() {
        return code;
    }

    /** True for a request, false for a reply. */
    public boolean isRequest() {
        return (code & Wire.REPLY) == 0;
    }

    /** The reply to this request, or null if this is a reply or a notice that has none (MAP_MEMORY). */
    public MessageType reply() {
        return isRequest() ? of(code | Wire.REPLY) : null;
    }

    /** The record that carries this type's body; several types may share one. */
    public Class<? extends Message> record() {
        return record;
    }

    /** The links whose initiating side (client, supplicant, TA host) may send this type to the core. */
    public Set<Link> toCore() {
        return toCore;
    }

    /** The links on which the core may send this type to the other side. */
    public Set<Link> fromCore() {
        return fromCore;
    }

    Message decode(BodyReader in) throws ProtocolException {
        return decoder.decode(code, in);
    }
}
