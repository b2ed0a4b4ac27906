package org.jtee.core.pta;

import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;
import org.jtee.common.ParamTypes;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.core.ta.Callers;
import org.jtee.core.ta.SecureTas;
import org.jtee.os.Hardening;
import org.jtee.storage.LogStore;
import org.jtee.storage.ObjectStore;
import org.jtee.ta.CallContext;
import org.jtee.ta.MemoryReference;
import org.jtee.ta.Parameters;

/**
 * The system PTA's administration commands ({@link SystemPtaContract}): TAs installed in the
 * core's secure storage — install, uninstall, list —, the usage of each trusted store, and, on a
 * development core, forgetting a TA's version floor.
 *
 * <p><b>Who may call them: administrators.</b> A client application that called the system PTA
 * itself (not a TA, whichever client's call it runs in) over a connection made by a process of
 * the core's own user: the uid is the kernel's peer credential of the connection
 * ({@code SO_PEERCRED}), never a login method or anything the client sends. Everyone else gets
 * {@code TEE_ERROR_ACCESS_DENIED} (origin TEE). Root is not special: a core run by another user
 * refuses it, as root can act as that user anyway. The client socket's directory is the core
 * user's (mode 0700) by default, so other users cannot connect at all; the rule still holds when
 * a deployment opens the socket to them.
 */
public final class StorageAdmin {
    private static final System.Logger LOG = System.getLogger("org.jtee.core");
    private final Supplier<SecureTas> secureTas;
    private final Supplier<Map<String, ObjectStore>> stores;
    private final long coreUid;

    /**
     * @param secureTas the TAs in secure storage (null while dynamic TAs are not enabled)
     * @param stores the core's trusted stores by backend name
     */
    public StorageAdmin(Supplier<SecureTas> secureTas, Supplier<Map<String, ObjectStore>> stores) {
        this(secureTas, stores, Hardening.uid());
    }

    StorageAdmin(Supplier<SecureTas> secureTas, Supplier<Map<String, ObjectStore>> stores, long coreUid) {
        this.secureTas = secureTas;
        this.stores = stores;
        this.coreUid = coreUid;
    }

    /** The rule: a client application's call, from a process of the core's user. */
    static boolean isAdministrator(OptionalLong clientUid, long coreUid) {
        return clientUid.isPresent() && clientUid.getAsLong() == coreUid;
    }

    /** Runs one administration command for {@code call}'s caller, if it is an administrator. */
    void invoke(CallContext call, int commandId, Parameters params) throws TeeException {
        if (!isAdministrator(Callers.clientUid(call), coreUid)) {
            LOG.log(Level.WARNING, "refused system PTA command {0} to {1}: not an administrator", commandId, call.client());
            throw new TeeException(TeeResult.ACCESS_DENIED, ReturnOrigin.TEE, "system PTA command " + commandId
                    + " is for client applications of the core's own user only");
        }
        switch (commandId) {
            case SystemPtaContract.CMD_INSTALL_TA -> install(params);
            case SystemPtaContract.CMD_UNINSTALL_TA -> uninstall(params);
            case SystemPtaContract.CMD_STORAGE_USAGE -> usage(params);
            case SystemPtaContract.CMD_SECURE_TAS -> list(params);
            case SystemPtaContract.CMD_RESET_VERSION_FLOOR -> resetVersionFloor(params);
            default -> throw new IllegalArgumentException("not an administration command: " + commandId);
        }
    }

    private void install(Parameters params) throws TeeException {
        params.expect(ParamTypes.MEMREF_INPUT, ParamTypes.VALUE_OUTPUT, ParamTypes.NONE, ParamTypes.NONE);
        MemoryReference in = params.memref(0);
        if (in.size() > SecureTas.MAX_IMAGE_BYTES) {
            throw new TeeException(TeeResult.STORAGE_NO_SPACE, ReturnOrigin.TEE, "an image of " + in.size()
                    + " bytes; secure storage takes images of up to " + SecureTas.MAX_IMAGE_BYTES + " bytes");
        }
        SecureTas.Installed ta = secureTas().install(in.toByteArray());
        params.value(1).setA((int) ta.version());
        params.value(1).setB(0);
    }

    private void uninstall(Parameters params) throws TeeException {
        params.expect(ParamTypes.MEMREF_INPUT, ParamTypes.NONE, ParamTypes.NONE, ParamTypes.NONE);
        UUID uuid = uuid(params.memref(0));
        if (!secureTas().uninstall(uuid)) {
            throw new TeeException(TeeResult.ITEM_NOT_FOUND, ReturnOrigin.TEE, "TA " + uuid + " is not installed in secure storage");
        }
    }

    private void resetVersionFloor(Parameters params) throws TeeException {
        params.expect(ParamTypes.MEMREF_INPUT, ParamTypes.VALUE_OUTPUT, ParamTypes.NONE, ParamTypes.NONE);
        long old = secureTas().resetVersionFloor(uuid(params.memref(0)));
        params.value(1).setA((int) old);
        params.value(1).setB(0);
    }

    /** A UUID in 16 bytes, RFC 9562 order. */
    private static UUID uuid(MemoryReference m) throws TeeException {
        byte[] raw = m.toByteArray();
        if (raw.length != 16) {
            throw new TeeException(TeeResult.BAD_PARAMETERS, ReturnOrigin.TEE, "a UUID is 16 bytes, not " + raw.length);
        }
        ByteBuffer b = ByteBuffer.wrap(raw);
        return new UUID(b.getLong(), b.getLong());
    }

    private void list(Parameters params) throws TeeException {
        params.expect(ParamTypes.MEMREF_OUTPUT, ParamTypes.NONE, ParamTypes.NONE, ParamTypes.NONE);
        List<SystemPtaReplies.SecureTa> tas = new ArrayList<>();
        for (SecureTas.Installed t : secureTas().list()) {
            tas.add(new SystemPtaReplies.SecureTa(t.uuid(), t.version(), t.imageBytes(), t.algorithm(), t.encrypted()));
        }
        params.memref(0).write(SystemPtaReplies.encodeSecureTas(tas));
    }

    private void usage(Parameters params) throws TeeException {
        params.expect(ParamTypes.MEMREF_OUTPUT, ParamTypes.NONE, ParamTypes.NONE, ParamTypes.NONE);
        List<SystemPtaReplies.StoreUsage> out = new ArrayList<>();
        for (Map.Entry<String, ObjectStore> s : new TreeMap<>(stores.get()).entrySet()) {
            out.add(usageOf(s.getKey(), s.getValue()));
        }
        params.memref(0).write(SystemPtaReplies.encodeUsage(out));
    }

    /** One store's usage; never an id or a byte of content. A store that cannot be asked says why. */
    private static SystemPtaReplies.StoreUsage usageOf(String backend, ObjectStore store) {
        try {
            List<SystemPtaReplies.OwnerUsage> owners = new ArrayList<>();
            store.usage().forEach((owner, u) -> owners.add(new SystemPtaReplies.OwnerUsage(owner, u.objects(), u.bytes())));
            long commits = store instanceof LogStore log ? log.commitSequence() : -1;
            return new SystemPtaReplies.StoreUsage(backend, TeeResult.SUCCESS, commits, owners);
        } catch (TeeException e) {
            return new SystemPtaReplies.StoreUsage(backend, e.result(), -1, List.of());
        }
    }

    private SecureTas secureTas() throws TeeException {
        SecureTas s = secureTas.get();
        if (s == null) {
            throw new TeeException(TeeResult.NOT_SUPPORTED, ReturnOrigin.TEE, "this core loads no dynamic TAs");
        }
        return s;
    }
}
