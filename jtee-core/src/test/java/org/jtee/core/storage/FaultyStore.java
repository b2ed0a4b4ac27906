package org.jtee.core.storage;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jtee.common.ReturnOrigin;
import org.jtee.common.TeeException;
import org.jtee.common.TeeResult;
import org.jtee.storage.ObjectStore;

/**
 * A real store seen through a fault: while {@link #corruptData} is set, reads and writes of data
 * fail as a store whose bytes fail authentication does; while {@link #corruptNames} is set, finds
 * do. Everything else, and everything while no fault is set, is the real store's.
 */
final class FaultyStore implements ObjectStore {
    private final ObjectStore real;
    volatile boolean corruptData;
    volatile boolean corruptNames;

    FaultyStore(ObjectStore real) {
        this.real = real;
    }

    private static TeeException corrupt() {
        return new TeeException(TeeResult.CORRUPT_OBJECT, ReturnOrigin.TEE, "injected: the bytes fail authentication");
    }

    @Override
    public Entry find(UUID owner, byte[] id) throws TeeException {
        if (corruptNames) {
            throw corrupt();
        }
        return real.find(owner, id);
    }

    @Override
    public Entry entry(long number) throws TeeException {
        return real.entry(number);
    }

    @Override
    public Entry create(UUID owner, byte[] id, Header header, byte[] data, boolean overwrite) throws TeeException {
        return real.create(owner, id, header, data, overwrite);
    }

    @Override
    public int read(long number, long position, byte[] dst, int offset, int length) throws TeeException {
        if (corruptData) {
            throw corrupt();
        }
        return real.read(number, position, dst, offset, length);
    }

    @Override
    public void write(long number, long position, byte[] src, int offset, int length) throws TeeException {
        if (corruptData) {
            throw corrupt();
        }
        real.write(number, position, src, offset, length);
    }

    @Override
    public void truncate(long number, long size) throws TeeException {
        real.truncate(number, size);
    }

    @Override
    public void rename(long number, byte[] newId) throws TeeException {
        real.rename(number, newId);
    }

    @Override
    public void delete(long number) throws TeeException {
        real.delete(number);
    }

    @Override
    public void setUsage(long number, int usage) throws TeeException {
        real.setUsage(number, usage);
    }

    @Override
    public List<Entry> list(UUID owner) throws TeeException {
        return real.list(owner);
    }

    @Override
    public Map<UUID, Usage> usage() throws TeeException {
        return real.usage();
    }

    @Override
    public void close() {
        real.close();
    }
}
