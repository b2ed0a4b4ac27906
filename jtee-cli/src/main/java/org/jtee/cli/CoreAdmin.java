package org.jtee.cli;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.jtee.client.Operation;
import org.jtee.client.SharedMemory;
import org.jtee.client.SharedMemoryReference;
import org.jtee.client.TeeContext;
import org.jtee.client.TeeSession;
import org.jtee.client.TempMemory;
import org.jtee.client.ValueParameter;
import org.jtee.common.DefaultLocations;
import org.jtee.common.LoginMethod;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.core.pta.SystemPtaContract;
import org.jtee.core.pta.SystemPtaReplies;

/**
 * A running core's administration commands (the system PTA's, {@link SystemPtaContract}), as
 * {@code jtee ta --secure} and {@code jtee storage} use them. The core serves them only to a
 * client of its own user, which it tells from the connection's peer credentials; every failure
 * becomes a {@link CommandFailure} that says what to do.
 */
final class CoreAdmin implements AutoCloseable {
    private static final int FIRST_REPLY_BYTES = 64 << 10;

    private final Path socket;
    private final TeeContext context;
    private final TeeSession session;

    private CoreAdmin(Path socket, TeeContext context, TeeSession session) {
        this.socket = socket;
        this.context = context;
        this.session = session;
    }

    /** Connects to the core on {@code socket}, or the default one if null. */
    static CoreAdmin connect(Path socket) throws CommandFailure {
        Path path = socket != null ? socket : DefaultLocations.clientSocket();
        TeeContext ctx;
        try {
            ctx = TeeContext.open(path);
        } catch (TeeException e) {
            throw CommandFailure.failed("no core answers on " + path + " (start one with 'jtee up', or name its --socket)");
        }
        try {
            return new CoreAdmin(path, ctx, ctx.openSession(SystemPtaContract.UUID, LoginMethod.PUBLIC, null));
        } catch (TeeException e) {
            ctx.close();
            throw failure("cannot reach the core's system PTA", e);
        }
    }

    Path socket() {
        return socket;
    }

    /** INSTALL_TA: the image goes through shared memory (an image may be near 16 MiB); returns its version. */
    long install(byte[] image) throws CommandFailure {
        try (SharedMemory shm = context.allocateSharedMemory(image.length, SharedMemory.INPUT)) {
            shm.buffer().put(0, image);
            ValueParameter version = ValueParameter.output();
            session.invokeCommand(SystemPtaContract.CMD_INSTALL_TA,
                    Operation.of(SharedMemoryReference.partialInput(shm, 0, image.length), version));
            return Integer.toUnsignedLong(version.a());
        } catch (TeeException e) {
            throw failure("the core did not install the image", e);
        }
    }

    /** UNINSTALL_TA. */
    void uninstall(UUID uuid) throws CommandFailure {
        try {
            session.invokeCommand(SystemPtaContract.CMD_UNINSTALL_TA, Operation.of(TempMemory.input(octets(uuid))));
        } catch (TeeException e) {
            if (e.result() == TeeResult.ITEM_NOT_FOUND) {
                throw CommandFailure.failed("TA " + uuid + " is not installed in the core's secure storage");
            }
            throw failure("the core did not uninstall " + uuid, e);
        }
    }

    /** RESET_VERSION_FLOOR: returns the floor the TA had (0 if none). */
    long resetVersionFloor(UUID uuid) throws CommandFailure {
        try {
            ValueParameter old = ValueParameter.output();
            session.invokeCommand(SystemPtaContract.CMD_RESET_VERSION_FLOOR, Operation.of(TempMemory.input(octets(uuid)), old));
            return Integer.toUnsignedLong(old.a());
        } catch (TeeException e) {
            throw failure("the core did not reset the version floor of " + uuid, e);
        }
    }

    private static byte[] octets(UUID uuid) {
        return ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits()).array();
    }

    List<SystemPtaReplies.SecureTa> secureTas() throws CommandFailure {
        return list(SystemPtaContract.CMD_SECURE_TAS, SystemPtaReplies::decodeSecureTas, "list its secure-storage TAs");
    }

    List<SystemPtaReplies.StoreUsage> usage() throws CommandFailure {
        return list(SystemPtaContract.CMD_STORAGE_USAGE, SystemPtaReplies::decodeUsage, "report storage usage");
    }

    /** A list command, asked again with the size the core needs if the first buffer is short. */
    private <T> List<T> list(int command, Function<byte[], List<T>> decode, String what) throws CommandFailure {
        int size = FIRST_REPLY_BYTES;
        try {
            for (int attempt = 0; ; attempt++) {
                TempMemory out = TempMemory.output(size);
                try {
                    session.invokeCommand(command, Operation.of(out));
                    return decode.apply(out.data());
                } catch (TeeException e) {
                    if (e.result() != TeeResult.SHORT_BUFFER || attempt > 2) {
                        throw e;
                    }
                    size = (int) Math.min(out.size(), 16 << 20);
                }
            }
        } catch (TeeException e) {
            throw failure("the core could not " + what, e);
        } catch (IllegalArgumentException e) {
            throw CommandFailure.failed("the core's reply makes no sense: " + e.getMessage());
        }
    }

    /** A failure in the core's own words if it gave them (a reply's detail), else worded for the result it gave. */
    private static CommandFailure failure(String what, TeeException e) {
        String reason = coreReason(e);
        if (reason != null) {
            return CommandFailure.failed(what + ": " + reason);
        }
        String why = switch (e.result()) {
            case TeeResult.ACCESS_DENIED -> "only clients of the core's own user may administer it";
            case TeeResult.SECURITY -> "refused: it failed verification, is below the TA's version floor, or the storage"
                    + " failed its check (the core's log says which)";
            case TeeResult.ACCESS_CONFLICT -> "refused: the copy installed in secure storage is newer (TA versions only go forward)";
            case TeeResult.BAD_PARAMETERS -> "refused: not a TA image";
            case TeeResult.STORAGE_NOT_AVAILABLE -> "the core's trusted storage is not available (is its supplicant running?)";
            case TeeResult.STORAGE_NO_SPACE -> "no room: secure storage takes images of up to 4 MiB (install larger TAs into a"
                    + " TA directory), or the disk under the core's storage is full";
            case TeeResult.NOT_SUPPORTED -> "this core does not support it (an older core, or one without dynamic TAs)";
            default -> e.getMessage();
        };
        return CommandFailure.failed(what + ": " + why);
    }

    /**
     * The core's reason for failing a command, if its reply carried one: what the client library
     * puts after "InvokeCommand 0x… on session N: " ({@code TeeContext}); else null.
     */
    private static String coreReason(TeeException e) {
        String message = e.reason();
        int at = message == null ? -1 : message.indexOf(": ");
        return at < 0 ? null : message.substring(at + 2);
    }

    @Override
    public void close() {
        session.close();
        context.close();
    }
}
