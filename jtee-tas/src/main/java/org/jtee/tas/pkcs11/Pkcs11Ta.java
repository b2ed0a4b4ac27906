package org.jtee.tas.pkcs11;

import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.jtee.common.ParamTypes;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.ta.CallContext;
import org.jtee.ta.MemoryReference;
import org.jtee.ta.Parameters;
import org.jtee.ta.Ta;
import org.jtee.ta.TaContext;
import org.jtee.ta.TrustedApplication;

/**
 * OP-TEE's PKCS#11 TA, with its UUID and its TA ABI (optee-pkcs11-ta-abi.md; docs/pkcs11.md):
 * one instance serves every client, keeps its tokens while no client is connected, and answers
 * each command with a PKCS#11 status word in p0.
 *
 * <p>Transport (§2.2): p0 must be a MEMREF_INOUT or MEMREF_OUTPUT of at least 4 bytes (else
 * {@code TEE_ERROR_BAD_PARAMETERS}); an unknown command is {@code TEE_ERROR_NOT_SUPPORTED}.
 * Otherwise the TA copies p0 once, runs the command, writes the 32-bit status word into p0's
 * first 4 bytes and sets p0's size to exactly 4. The GP result is {@code TEE_SUCCESS} for every
 * status but {@code CKR_BUFFER_TOO_SMALL}, which travels as {@code TEE_ERROR_SHORT_BUFFER} with
 * the output sizes (and contents) the command wrote.
 *
 * <p>Commands run one at a time under the instance's lock. The core already serialises the
 * entries of a single-instance TA that is not a pseudo TA; the lock makes the TA correct if it
 * ever runs where that is not so (a TA host, a concurrent instance).
 */
@Ta(uuid = Pkcs11Ta.UUID, singleInstance = true, multiSession = true, instanceKeepAlive = true,
        version = "1.0.0", description = "PKCS#11 trusted application")
public final class Pkcs11Ta implements TrustedApplication<Client> {
    /** OP-TEE's PKCS#11 TA UUID. */
    public static final String UUID = "fd02c9da-306c-48c7-a49c-bbd827ae86ee";
    /** What PING answers: 1.0.0, as the reference TA since OP-TEE 4.5. */
    static final int VERSION_MAJOR = 1;
    static final int VERSION_MINOR = 0;
    static final int VERSION_PATCH = 0;

    private final ReentrantLock lock = new ReentrantLock();
    private final State state = new State();
    private boolean loaded;

    @Override
    public void create(TaContext ta) throws TeeException {
        lock.lock();
        try {
            ensureLoaded();
        } finally {
            lock.unlock();
        }
    }

    private void ensureLoaded() throws TeeException {
        if (!loaded) {
            state.load();
            loaded = true;
        }
    }

    @Override
    public Client openSession(CallContext call, Parameters params) throws TeeException {
        lock.lock();
        try {
            ensureLoaded();
            Client c = new Client(call.client());
            state.clients.add(c);
            return c;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void closeSession(Client client) {
        lock.lock();
        try {
            for (Session s : sessionsOf(client)) {
                state.close(s);
            }
            client.closed = true;
            state.clients.remove(client);
        } finally {
            lock.unlock();
        }
    }

    private static List<Session> sessionsOf(Client c) {
        List<Session> out = new ArrayList<>();
        c.sessions.entries().forEach(e -> out.add(e.getValue()));
        return out;
    }

    @Override
    public void invokeCommand(Client client, CallContext call, int commandId, Parameters params) throws TeeException {
        MemoryReference p0 = params.get(0) instanceof MemoryReference m ? m : null;
        if (p0 == null || (p0.type() != ParamTypes.MEMREF_INOUT && p0.type() != ParamTypes.MEMREF_OUTPUT)
                || p0.capacity() < 4) {
            throw new TeeException(TeeResult.BAD_PARAMETERS, "p0 must be an in/out buffer of at least 4 bytes");
        }
        if (!Commands.known(commandId)) {
            throw new TeeException(TeeResult.NOT_SUPPORTED, "command " + commandId + " is not supported");
        }
        if (client == null || client.closed) {
            throw new TeeException(TeeResult.SECURITY, "unknown client");
        }
        int rv;
        lock.lock();
        try {
            rv = run(client, call, commandId, p0, params);
        } finally {
            lock.unlock();
        }
        p0.buffer().set(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0, rv);
        p0.setSize(4);
        if (rv == Ck.CKR_BUFFER_TOO_SMALL) {
            throw new TeeException(TeeResult.SHORT_BUFFER, "CKR_BUFFER_TOO_SMALL");
        }
    }

    private int run(Client client, CallContext call, int commandId, MemoryReference p0, Parameters params) {
        try {
            long size = Math.min(p0.size(), p0.capacity());
            if (size > Limits.MAX_CONTROL_BYTES) {
                throw new CkException(Ck.CKR_DEVICE_MEMORY, "control buffer of " + size + " bytes");
            }
            byte[] ctrl = p0.type() == ParamTypes.MEMREF_INOUT
                    ? p0.buffer().asSlice(0, size).toArray(ValueLayout.JAVA_BYTE) : new byte[(int) size];
            try {
                new Commands(state, client, call, params).run(commandId, ctrl);
            } finally {
                Arrays.fill(ctrl, (byte) 0);
            }
            return Ck.CKR_OK;
        } catch (CkException e) {
            return e.rv();
        }
    }

    /** A storage failure as a command's status: DEVICE_MEMORY when full, DEVICE_ERROR otherwise. */
    static CkException storageFailure(String what, TeeException e) {
        int rv = e.result() == TeeResult.STORAGE_NO_SPACE || e.result() == TeeResult.OUT_OF_MEMORY
                ? Ck.CKR_DEVICE_MEMORY : Ck.CKR_DEVICE_ERROR;
        return new CkException(rv, what + ": storage failed with 0x" + Integer.toHexString(e.result()));
    }
}
