package org.jtee.supplicant;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The open files of one directory, kept open between requests so that a run of writes to a file
 * does not reopen it each time: at most {@code capacity} channels, the least recently used closed
 * first. A channel in use by a request when it is evicted is closed when that request releases
 * it. Files are opened read-write, never through a symbolic link, and created with mode 0600.
 * Creating a file and removing one sync the directory before they return. Thread-safe.
 */
final class OpenFiles implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("org.jtee.supplicant");
    private static final OpenOption[] EXISTING = {StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS};
    private static final OpenOption[] NEW = {StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW,
        LinkOption.NOFOLLOW_LINKS};

    /** One open file; {@link #close()} hands it back. */
    final class Handle implements AutoCloseable {
        private final FileChannel channel;
        private int users;
        private boolean evicted;

        private Handle(FileChannel channel) {
            this.channel = channel;
        }

        FileChannel channel() {
            return channel;
        }

        @Override
        public void close() {
            release(this);
        }
    }

    private final Path directory;
    private final int capacity;
    private final Map<String, Handle> open = new LinkedHashMap<>(16, 0.75f, true);

    OpenFiles(Path directory, int capacity) {
        this.directory = directory;
        this.capacity = capacity;
    }

    /**
     * The file {@code name}, opened if it is not open yet; with {@code create}, a missing file is
     * created and the directory synced before this returns.
     *
     * @throws NoSuchFileException if it does not exist and {@code create} is false
     */
    synchronized Handle acquire(String name, boolean create) throws IOException {
        Handle h = open.get(name);
        if (h == null) {
            h = new Handle(openChannel(directory.resolve(name), create));
            open.put(name, h);
            evictBeyondCapacity();
        }
        h.users++;
        return h;
    }

    /** Closes {@code name} if it is open, deletes it, and syncs the directory. */
    void remove(String name) throws IOException {
        synchronized (this) {
            Handle h = open.remove(name);
            if (h != null) {
                retire(h);
            }
            Files.deleteIfExists(directory.resolve(name));
        }
        syncDirectory(directory);
    }

    private FileChannel openChannel(Path file, boolean create) throws IOException {
        try {
            return FileChannel.open(file, EXISTING);
        } catch (NoSuchFileException e) {
            if (!create) {
                throw e;
            }
        }
        FileChannel created;
        try {
            created = FileChannel.open(file, Set.of(NEW), ownerOnly());
        } catch (FileAlreadyExistsException e) {
            return FileChannel.open(file, EXISTING);
        }
        try {
            syncDirectory(directory);
        } catch (IOException e) {
            created.close();
            throw e;
        }
        return created;
    }

    private void evictBeyondCapacity() {
        Iterator<Handle> lru = open.values().iterator();
        while (open.size() > capacity && lru.hasNext()) {
            Handle h = lru.next();
            lru.remove();
            retire(h);
        }
    }

    private synchronized void release(Handle h) {
        h.users--;
        if (h.evicted && h.users == 0) {
            closeQuietly(h);
        }
    }

    private void retire(Handle h) {
        h.evicted = true;
        if (h.users == 0) {
            closeQuietly(h);
        }
    }

    private static void closeQuietly(Handle h) {
        try {
            h.channel.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "closing a storage file: {0}", e.toString());
        }
    }

    /** Makes the directory's entries durable (fsync of the directory). */
    static void syncDirectory(Path directory) throws IOException {
        try (FileChannel d = FileChannel.open(directory, StandardOpenOption.READ)) {
            d.force(true);
        }
    }

    /** Creates {@code directory} and its missing parents with mode 0700 (where the file system has POSIX permissions). */
    static void createDirectory(Path directory) throws IOException {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createDirectories(directory);
            return;
        }
        Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }

    /** Mode 0600 where the file system has POSIX permissions; nothing elsewhere. */
    static FileAttribute<?>[] ownerOnly() {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return new FileAttribute<?>[0];
        }
        return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))};
    }

    @Override
    public synchronized void close() {
        List<Handle> all = new ArrayList<>(open.values());
        open.clear();
        all.forEach(this::retire);
    }
}
