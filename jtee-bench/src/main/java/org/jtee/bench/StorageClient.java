package org.jtee.bench;

import java.nio.file.Path;
import java.util.List;
import org.jtee.client.Operation;
import org.jtee.client.TeeContext;
import org.jtee.client.TeeSession;
import org.jtee.client.ValueParameter;
import org.jtee.common.LoginMethod;
import org.jtee.common.TeeException;

/**
 * One client of {@code jtee bench storage}: a connection of its own, a session with
 * {@link StorageBenchTa} (an instance in a TA host of its own), and the tag that keeps its
 * object ids apart from every other client's.
 */
record StorageClient(TeeContext context, TeeSession session, int tag) implements AutoCloseable {
    /** Connects to {@code socket} and opens the session. */
    static StorageClient open(Path socket, int tag) throws TeeException {
        TeeContext ctx = TeeContext.open(socket);
        try {
            return new StorageClient(ctx, ctx.openSession(StorageBenchTa.UUID, LoginMethod.PUBLIC, null), tag);
        } catch (TeeException | RuntimeException e) {
            ctx.close();
            throw e;
        }
    }

    /** One call: {@code command} on {@code count} objects from {@code first}, of {@code bytes} each. */
    void call(int command, int storageId, int count, int first, int bytes) throws TeeException {
        session.invokeCommand(command, Operation.of(ValueParameter.input(storageId, count), ValueParameter.input(tag, first),
                ValueParameter.input(bytes, 0), ValueParameter.output()));
    }

    /** The same call by every client at once; the wall seconds until the last is done. */
    static double all(List<StorageClient> clients, int command, int storageId, int count, int bytes) {
        return all(clients, command, storageId, count, bytes, 1);
    }

    /** As {@link #all(List, int, int, int, int)}, each client making the call {@code calls} times in a row. */
    static double all(List<StorageClient> clients, int command, int storageId, int count, int bytes, int calls) {
        return Gang.run(clients.size(), t -> {
            for (int i = 0; i < calls; i++) {
                clients.get(t).call(command, storageId, count, 0, bytes);
            }
        });
    }

    /** Every client deletes its objects 0 to count-1, and its large object if {@code large}, whichever exist. */
    static void deleteQuietly(List<StorageClient> clients, int storageId, int count, boolean large) {
        for (StorageClient c : clients) {
            for (int n = 0; n < count; n++) {
                c.callQuietly(StorageBenchTa.CMD_DELETE, storageId, 1, n);
            }
            if (large) {
                c.callQuietly(StorageBenchTa.CMD_DELETE_LARGE, storageId, 0, 0);
            }
        }
    }

    /**
     * The TEE's answer inside a failure of {@link #all} (a {@link Gang} run); a failure that is
     * not one is thrown again as it is.
     */
    static TeeException teeFailure(IllegalStateException e) {
        if (e.getCause() instanceof TeeException tee) {
            return tee;
        }
        throw e;
    }

    private void callQuietly(int command, int storageId, int count, int first) {
        try {
            call(command, storageId, count, first, 0);
        } catch (TeeException e) {
            // not there: nothing to delete
        }
    }

    @Override
    public void close() {
        session.close();
        context.close();
    }
}
