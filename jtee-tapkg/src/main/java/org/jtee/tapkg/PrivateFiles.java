package org.jtee.tapkg;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** Files that hold secrets: created 0600 (directories 0700), refused when others can read them. */
final class PrivateFiles {
    private static final Set<PosixFilePermission> SHARED = Set.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);

    private PrivateFiles() {}

    /** Refuses {@code file} if its group or others may read or write it (POSIX file systems only). */
    static void checkPrivate(Path file) throws IOException {
        if (!posix(file)) {
            return;
        }
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
        if (perms.stream().anyMatch(SHARED::contains)) {
            throw new IOException(file + " is readable or writable by group/others (mode "
                    + PosixFilePermissions.toString(perms) + "); a secret key file must be 0600 (chmod 600)");
        }
    }

    /**
     * Writes {@code data} to a new 0600 file beside {@code file}, then renames it into place, so
     * the key is never visible half-written or with a wider mode. Refuses to replace a file.
     */
    static void writeNew(Path file, byte[] data) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(file.toString(), null, "refusing to replace a key file");
        }
        Path tmp = posix(dir)
                ? Files.createTempFile(dir, ".tmp-", ".key", ownerOnly("rw-------"))
                : Files.createTempFile(dir, ".tmp-", ".key");
        try {
            Files.write(tmp, data);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Creates {@code dir} (and missing parents) with mode 0700 for the last component. */
    static void createPrivateDirectory(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        Path parent = dir.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (posix(parent)) {
            Files.createDirectory(dir, ownerOnly("rwx------"));
        } else {
            Files.createDirectory(dir);
        }
    }

    private static FileAttribute<Set<PosixFilePermission>> ownerOnly(String mode) {
        return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode));
    }

    private static boolean posix(Path p) {
        return p != null && Files.getFileAttributeView(p, PosixFileAttributeView.class) != null;
    }
}
