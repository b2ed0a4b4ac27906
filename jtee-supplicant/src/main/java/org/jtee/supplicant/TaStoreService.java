package org.jtee.supplicant;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.protocol.Details;
import org.jtee.protocol.Rpc;
import org.jtee.protocol.WireParam;
import org.jtee.protocol.WireParams;

/**
 * LOAD_TA: serves {@code <uuid>.ta} from the TA directories, first match wins (OP-TEE's
 * {@code teec_ta_load.c}). The bytes go to the core as they are; the core verifies them. With
 * them goes the file's name (slot [2], if the core gives one), and with "not found" the
 * directories searched (the reply's detail), for the core's log and its client.
 */
public final class TaStoreService implements RpcService {
    private static final System.Logger LOG = System.getLogger("org.jtee.supplicant");

    private final List<Path> directories;

    public TaStoreService(List<Path> directories) {
        this.directories = List.copyOf(directories);
    }

    @Override
    public int command() {
        return Rpc.LOAD_TA;
    }

    @Override
    public WireParams serve(WireParams params) throws TeeException {
        if (!(params.get(0) instanceof WireParam.Value v) || v.type() != WireParam.VALUE_IN
                || !(params.get(1) instanceof WireParam.TempMem out) || out.type() != WireParam.TMEM_OUT) {
            throw new TeeException(TeeResult.BAD_PARAMETERS, ReturnOrigin.TEE, "LOAD_TA needs [0] VALUE_IN, [1] TMEM_OUT");
        }
        UUID uuid = new UUID(v.a(), v.b());
        for (Path dir : directories) {
            Path file = dir.resolve(uuid + ".ta");
            try {
                long size = Files.size(file);
                if (size > out.size()) {
                    LOG.log(Level.WARNING, "{0} has {1} bytes, more than the core takes ({2})", file, size, out.size());
                    throw new TeeException(TeeResult.SHORT_BUFFER, ReturnOrigin.TEE, file + " is too large");
                }
                byte[] image = Files.readAllBytes(file);
                return WireParams.of(params.get(0), new WireParam.TempMem(WireParam.TMEM_OUT, false, image.length, image),
                        fileName(params.get(2), file), params.get(3));
            } catch (NoSuchFileException e) {
                continue;
            } catch (IOException e) {
                LOG.log(Level.WARNING, "cannot read {0}: {1}", file, e.getMessage());
            }
        }
        throw new TeeException(TeeResult.ITEM_NOT_FOUND, ReturnOrigin.TEE, "no " + uuid + ".ta in "
                + (directories.isEmpty() ? "any TA directory (none was given)"
                        : String.join(", ", directories.stream().map(Path::toString).toList())));
    }

    /** Slot [2]: the file served, for the core's log, if the core asked for it (a TMEM_OUTPUT). */
    private static WireParam fileName(WireParam slot, Path file) {
        if (!(slot instanceof WireParam.TempMem t) || t.type() != WireParam.TMEM_OUT) {
            return slot;
        }
        String name = Details.bounded(file.toAbsolutePath().toString(), (int) Math.min(t.size(), Integer.MAX_VALUE));
        byte[] bytes = name == null ? new byte[0] : name.getBytes(StandardCharsets.UTF_8);
        return new WireParam.TempMem(WireParam.TMEM_OUT, false, bytes.length, bytes);
    }
}
