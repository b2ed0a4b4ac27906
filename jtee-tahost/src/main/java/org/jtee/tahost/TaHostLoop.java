package org.jtee.tahost;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.Map;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.crypto.spi.StorageChannels;
import org.jtee.os.UnixConnection;
import org.jtee.protocol.Details;
import org.jtee.protocol.Frame;
import org.jtee.protocol.FrameChannel;
import org.jtee.protocol.Link;
import org.jtee.protocol.Message;
import org.jtee.protocol.ProtocolException;
import org.jtee.protocol.Wire;
import org.jtee.protocol.WireParam;
import org.jtee.protocol.WireParams;
import org.jtee.ta.Identity;
import org.jtee.ta.MemoryReference;
import org.jtee.ta.Parameters;
import org.jtee.ta.TaPanic;
import org.jtee.ta.TeeProperties;
import org.jtee.ta.TrustedApplication;

/**
 * The TA thread of a host: the only reader of the link and the only thread that enters the TA,
 * so a call costs no thread hand-off. It loads the TA, then answers HOST_OPEN, INVOKE,
 * CLOSE_SESSION and DESTROY one at a time; while a call runs it reads the link only to wait for
 * the core's answers to the TA's own requests (TA-to-TA calls, REE time) and to notice a CANCEL.
 * A throwable escaping the TA — a panic, an uncaught exception, a stack overflow — ends the host.
 */
final class TaHostLoop {
    private final FrameChannel frames;
    private final HostLink link;
    private final HostRegions regions;
    /** The TA's persistent objects, through the core. */
    private final HostStorage storage;
    private final PrintStream log;
    private final Map<Integer, HostSession> sessions = new HashMap<>();
    private TrustedApplication<Object> ta;
    private HostInstance instance;
    /**
     * The core is a development core (LOAD_TA's report flag): the TA's error messages go back as
     * the replies' details, and a panic's stack trace as TA_PANIC.
     */
    private boolean report;
    /** Classes prepared ahead of LOAD_TA; null once LOAD_TA has run. */
    private Prepared prepared;

    /** A session's state as the TA returned it, its client and the client's property set. */
    private record HostSession(Object state, Identity client, TeeProperties clientProperties) {}

    TaHostLoop(FrameChannel frames, UnixConnection socket, PrintStream log) {
        this(frames, socket, log, null);
    }

    /**
     * A loop for a host that may have prepared a TA already ({@code prepared}, or null). The loop
     * holds it only until LOAD_TA, and the TA's code can reach the loop (through its thread's
     * handler): classes prepared for another TA must not stay reachable from it.
     */
    TaHostLoop(FrameChannel frames, UnixConnection socket, PrintStream log, Prepared prepared) {
        this.prepared = prepared;
        this.frames = frames;
        this.regions = new HostRegions(socket);
        this.link = new HostLink(frames, regions);
        this.storage = new HostStorage(link);
        link.beforeEachCall(storage::flushCloses);
        this.log = log;
    }

    /**
     * Serves the host's one TA until the core goes or the TA is destroyed, on this thread (the TA
     * thread): first installs the TA's storage channel for the process, then loads the TA. The
     * closes of persistent objects an entry point made reach the core before its reply does.
     */
    void run(long loadId, Message.LoadTa load) {
        storage.servedBy(Thread.currentThread());
        StorageChannels.installForProcess(storage);
        try {
            Message loaded = load(load);
            storage.flushCloses();
            frames.write(loadId, loaded);
            Frame f;
            while ((f = frames.read()) != null) {
                Link.TA_HOST.checkFromCore(f.message());
                Message reply = serve(f);
                if (reply != null) {
                    storage.flushCloses();
                    frames.write(f.requestId(), reply);
                }
                if (f.message() instanceof Message.Destroy) {
                    TaHostMain.halt(0);
                }
            }
            TaHostMain.halt(0);
        } catch (IOException | ProtocolException e) {
            log.println("jtee-host: link to the core failed: " + e.getMessage());
            TaHostMain.halt(TaHostMain.EXIT_PROTOCOL);
        } catch (Throwable t) {
            panic(t);
        }
    }

    /** True while classes prepared ahead of LOAD_TA are held (until LOAD_TA). */
    boolean holdsPrepared() {
        return prepared != null;
    }

    /** The regions the core mapped into this host (the warm-up installs its own). */
    HostRegions regions() {
        return regions;
    }

    /**
     * A TA's classes defined and linked ahead of its LOAD_TA (a LOAD_TA with {@code prepareOnly},
     * which a pooled host gets): none of its code has run, not even a static initialiser.
     */
    record Prepared(java.util.UUID uuid, byte[] jar, Class<?> type, TaType info) {}

    /**
     * Defines and links the classes of {@code load}'s TA without running any of its code; null,
     * logged, if the image cannot run (the core then does not pool this host).
     */
    static Prepared prepare(Message.LoadTa load, PrintStream log) {
        try {
            JarClassLoader loader = new JarClassLoader(load.jar(), TaHostMain.class.getClassLoader());
            Class<?> type = Class.forName(loader.taClassName(), false, loader);
            if (!TrustedApplication.class.isAssignableFrom(type) || !TaType.uuidOf(type).equals(load.ta())) {
                throw new IOException(type.getName() + " is not a TrustedApplication with @Ta uuid " + load.ta());
            }
            type.getDeclaredConstructor(); // links (and so verifies) the class; initialises nothing
            return new Prepared(load.ta(), load.jar(), type, TaType.of(type, false, false, () -> null));
        } catch (IOException | ReflectiveOperationException | RuntimeException | LinkageError e) {
            log.println("jtee-host: the image of TA " + load.ta() + " cannot run: " + e);
            return null;
        }
    }

    /**
     * LOAD_TA: defines the TA's classes (or takes those prepared for the very same TA and JAR),
     * constructs the TA and runs its create entry point. Classes prepared for another TA are
     * dropped first, unreachable from anything the new TA can reach.
     */
    @SuppressWarnings("unchecked")
    Message load(Message.LoadTa load) throws Throwable {
        report = load.report();
        Prepared prepared = this.prepared;
        this.prepared = null;
        Prepared ready = prepared != null && prepared.uuid().equals(load.ta()) && java.util.Arrays.equals(prepared.jar(), load.jar())
                ? prepared : prepare(load, log);
        if (ready == null) {
            TaHostMain.halt(TaHostMain.EXIT_BAD_IMAGE);
            return null;
        }
        TaType info = ready.info();
        instance = new HostInstance(info, new PropertySet(info.properties()),
                new PropertySet(PropertyText.decode(load.teeProperties())));
        ta = (TrustedApplication<Object>) ready.type().getDeclaredConstructor().newInstance();
        try {
            ta.create(instance);
            return TaHostMain.status(Wire.LOAD_TA, TeeResult.SUCCESS);
        } catch (TeeException e) {
            return new Message.StatusReply(Wire.LOAD_TA | Wire.REPLY, e.result(), ReturnOrigin.TRUSTED_APP);
        }
    }

    Message serve(Frame f) throws Throwable {
        Message m = f.message();
        if (m instanceof Message.HostOpen o) {
            return open(f.requestId(), o);
        } else if (m instanceof Message.Invoke i) {
            return invoke(f.requestId(), i);
        } else if (m instanceof Message.CloseSession c) {
            HostSession s = sessions.remove(c.sessionId());
            if (s == null) {
                return TaHostMain.status(Wire.CLOSE_SESSION, TeeResult.ITEM_NOT_FOUND);
            }
            ta.closeSession(s.state());
            return TaHostMain.status(Wire.CLOSE_SESSION, TeeResult.SUCCESS);
        } else if (m instanceof Message.Destroy) {
            link.closeOutgoing();
            ta.destroy();
            return TaHostMain.status(Wire.DESTROY, TeeResult.SUCCESS);
        } else if (m instanceof Message.Cancel) {
            return null; // for a call that has already finished
        } else if (m instanceof Message.MapMemory map) {
            regions.map(map);
            return null;
        }
        throw new ProtocolException("a TA host cannot serve " + Wire.typeName(m.type()));
    }

    private Message open(long requestId, Message.HostOpen o) throws Throwable {
        Identity client = new Identity(o.login(), o.client());
        TeeProperties clientProperties = PropertySet.clientProperties(client);
        WireParams wire = o.params();
        regions.beginCall();
        Parameters params = toTa(wire);
        HostCall call = link.begin(requestId, new HostCall(instance, client, clientProperties, params, link));
        try {
            try {
                Object state = ta.openSession(call, params);
                sessions.put(o.sessionId(), new HostSession(state, client, clientProperties));
                return new Message.OpenSessionReply(Wire.HOST_OPEN | Wire.REPLY, TeeResult.SUCCESS,
                        ReturnOrigin.TRUSTED_APP, o.sessionId(), InlineParams.writeBack(wire, params));
            } catch (TeeException e) {
                return new Message.OpenSessionReply(Wire.HOST_OPEN | Wire.REPLY, e.result(), ReturnOrigin.TRUSTED_APP, 0,
                        InlineParams.writeBack(wire, params), detail(e));
            } catch (InternalError e) {
                return new Message.OpenSessionReply(Wire.HOST_OPEN | Wire.REPLY, TeeResult.BAD_PARAMETERS,
                        ReturnOrigin.TEE, 0, clientMemoryFault(e));
            }
        } finally {
            link.end();
            regions.endCall();
        }
    }

    private Message invoke(long requestId, Message.Invoke i) throws Throwable {
        HostSession s = sessions.get(i.sessionId());
        if (s == null) {
            return new Message.InvokeReply(TeeResult.ITEM_NOT_FOUND, ReturnOrigin.TEE, WireParams.EMPTY);
        }
        WireParams wire = i.params();
        regions.beginCall();
        Parameters params = toTa(wire);
        HostCall call = link.begin(requestId, new HostCall(instance, s.client(), s.clientProperties(), params, link));
        try {
            try {
                ta.invokeCommand(s.state(), call, i.commandId(), params);
                return new Message.InvokeReply(TeeResult.SUCCESS, ReturnOrigin.TRUSTED_APP, InlineParams.writeBack(wire, params));
            } catch (TeeException e) {
                return new Message.InvokeReply(Wire.INVOKE | Wire.REPLY, e.result(), ReturnOrigin.TRUSTED_APP,
                        InlineParams.writeBack(wire, params), detail(e));
            } catch (InternalError e) {
                return new Message.InvokeReply(TeeResult.BAD_PARAMETERS, ReturnOrigin.TEE, clientMemoryFault(e));
            }
        } finally {
            link.end();
            regions.endCall();
        }
    }

    /**
     * The TA's parameters: values, temporary memory carried inline (null references, empty
     * ones), and views of the regions the core mapped: its arena for temporary memory, clients'
     * shared memory in place.
     */
    private Parameters toTa(WireParams wire) throws ProtocolException {
        Object[] p = new Object[4];
        for (int i = 0; i < 4; i++) {
            WireParam w = wire.get(i);
            p[i] = w instanceof WireParam.ShmRef r
                    ? new MemoryReference(r.type(), regions.view(i, r.shmId(), r.offset(), r.size()), false)
                    : InlineParams.toTa(w);
        }
        return new Parameters(p[0], p[1], p[2], p[3]);
    }

    /**
     * A memory fault in the TA's entry point (SIGBUS, which the JVM raises as an
     * {@link InternalError}): if a client's shared memory shrank under the call, it is the
     * client's doing — the call fails with {@code TEE_ERROR_BAD_PARAMETERS}, origin TEE, no output
     * goes back, and the instance serves on. Otherwise the fault is the TA's, and it panics.
     */
    private WireParams clientMemoryFault(InternalError e) {
        String shrunk = regions.shrunk();
        if (shrunk == null) {
            throw e;
        }
        log.println("jtee-host: TA " + instance.uuid() + ": " + shrunk);
        return WireParams.EMPTY;
    }

    /** The TA's message for the core, if it is a development core: the reply's detail. */
    private String detail(TeeException e) {
        return report ? Details.bounded(e.reason()) : null;
    }

    private void panic(Throwable t) {
        String reason;
        try {
            reason = t instanceof TaPanic p ? p.getMessage() : t instanceof StackOverflowError ? "stack overflow"
                    : "uncaught " + t;
        } catch (Throwable again) { // the TA's own toString() failed too
            reason = "uncaught " + t.getClass().getName();
        }
        log.println("jtee-host: TA " + (instance != null ? instance.uuid() : "?") + " panicked: " + reason);
        if (report) {
            link.reportPanic(panicReport(t));
        }
        TaHostMain.halt(TaHostMain.EXIT_PANIC);
    }

    /**
     * The stack trace of what the TA threw — class, message, frames, causes and suppressed — cut
     * to what TA_PANIC carries ({@link Wire#MAX_PANIC_REPORT_BYTES}).
     */
    static String panicReport(Throwable t) {
        StringWriter trace = new StringWriter();
        try (PrintWriter out = new PrintWriter(trace)) {
            t.printStackTrace(out);
        } catch (Throwable e) { // the TA's toString() or getMessage() failed: what is written so far, and the class
            trace.write("\n(the trace stops here: printing it threw " + e.getClass().getName() + ")\n");
        }
        String text = trace.toString().isBlank() ? t.getClass().getName() : trace.toString();
        return Details.bounded(text, Wire.MAX_PANIC_REPORT_BYTES);
    }
}
