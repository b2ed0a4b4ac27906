package org.jtee.os;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.Map;

/**
 * Texts for {@code errno} values. glibc 2.32 and newer export {@code strerrordesc_np(3)}, which is
 * thread-safe and ignores the locale; on older C libraries a table of the values this module can
 * meet stands in. The numbers are those of {@code <asm-generic/errno-base.h>} and
 * {@code <asm-generic/errno.h>}, which x86_64 and arm64 share.
 */
final class Errno {
    private static final MethodHandle STRERRORDESC_NP = Libc.lookup("strerrordesc_np")
            .map(symbol -> Libc.plainCall("strerrordesc_np", FunctionDescriptor.of(ADDRESS, JAVA_INT)))
            .orElse(null);

    private static final Map<Integer, String> TABLE = Map.ofEntries(
            Map.entry(1, "Operation not permitted"),
            Map.entry(2, "No such file or directory"),
            Map.entry(4, "Interrupted system call"),
            Map.entry(9, "Bad file descriptor"),
            Map.entry(11, "Resource temporarily unavailable"),
            Map.entry(12, "Cannot allocate memory"),
            Map.entry(13, "Permission denied"),
            Map.entry(14, "Bad address"),
            Map.entry(17, "File exists"),
            Map.entry(19, "No such device"),
            Map.entry(20, "Not a directory"),
            Map.entry(21, "Is a directory"),
            Map.entry(22, "Invalid argument"),
            Map.entry(23, "Too many open files in system"),
            Map.entry(24, "Too many open files"),
            Map.entry(28, "No space left on device"),
            Map.entry(32, "Broken pipe"),
            Map.entry(34, "Numerical result out of range"),
            Map.entry(36, "File name too long"),
            Map.entry(38, "Function not implemented"),
            Map.entry(40, "Too many levels of symbolic links"),
            Map.entry(88, "Socket operation on non-socket"),
            Map.entry(92, "Protocol not available"),
            Map.entry(95, "Operation not supported"),
            Map.entry(98, "Address already in use"),
            Map.entry(103, "Software caused connection abort"),
            Map.entry(104, "Connection reset by peer"),
            Map.entry(105, "No buffer space available"),
            Map.entry(106, "Transport endpoint is already connected"),
            Map.entry(107, "Transport endpoint is not connected"),
            Map.entry(110, "Connection timed out"),
            Map.entry(111, "Connection refused"));

    private Errno() {}

    /** A one-line description of {@code errno}, such as "Too many open files". */
    @SuppressWarnings("restricted") // reads a NUL-terminated string of unknown length
    static String describe(int errno) {
        if (STRERRORDESC_NP != null) {
            MemorySegment text;
            try {
                text = (MemorySegment) STRERRORDESC_NP.invokeExact(errno);
            } catch (Throwable t) {
                throw Libc.rethrow(t);
            }
            if (!text.equals(MemorySegment.NULL)) {
                return text.reinterpret(Long.MAX_VALUE).getString(0);
            }
        }
        return TABLE.getOrDefault(errno, "Unknown error " + errno);
    }
}
