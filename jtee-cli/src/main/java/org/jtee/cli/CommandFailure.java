package org.jtee.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * A user-facing failure of a {@code jtee} command: the message names the problem, the exit status
 * says whose it is ({@link #USAGE} for a wrong invocation, {@link #FAILED} otherwise). Printed
 * without a stack trace by {@link ToolCommand}.
 */
final class CommandFailure extends Exception {
    /** The command ran and refused or failed (bad image, missing file, older version). */
    static final int FAILED = 1;
    /** The command line itself is wrong (what picocli also returns for unknown options). */
    static final int USAGE = 2;

    private final int exitCode;

    CommandFailure(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    static CommandFailure failed(String message) {
        return new CommandFailure(FAILED, message);
    }

    static CommandFailure usage(String message) {
        return new CommandFailure(USAGE, message);
    }

    int exitCode() {
        return exitCode;
    }

    /** A short sentence for an I/O error: the JDK's messages for these are only the path. */
    static String describe(IOException e) {
        return switch (e) {
            case NoSuchFileException n -> "no such file or directory: " + n.getFile();
            case AccessDeniedException a -> "permission denied: " + a.getFile();
            case NotDirectoryException d -> "not a directory: " + d.getFile();
            case FileAlreadyExistsException f -> "already exists: " + f.getFile();
            default -> e.getMessage() != null ? e.getMessage() : e.toString();
        };
    }
}
