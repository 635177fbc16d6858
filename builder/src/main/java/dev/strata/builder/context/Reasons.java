package dev.strata.builder.context;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * Why a file operation failed, in the words of {@code strerror}: Java's file exceptions carry
 * the path as their message and the reason in their type, so {@code e.getMessage()} alone says
 * nothing ({@code COPY failed: /ctx/secret.txt}).
 */
public final class Reasons {
    private Reasons() {
    }

    public static String of(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof NotDirectoryException) {
            return "not a directory";
        }
        if (e instanceof FileSystemLoopException) {
            return "too many levels of symbolic links";
        }
        if (e instanceof MalformedInputException) {
            return "not valid UTF-8";
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason().toLowerCase(java.util.Locale.ROOT);
        }
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message;
    }

    /**
     * The file and the reason, {@code /ctx/secret.txt: permission denied (make it readable, or
     * exclude it in .dockerignore)}.
     */
    public static String describe(IOException e) {
        String file = e instanceof FileSystemException fs ? fs.getFile() : null;
        String reason = of(e);
        if (e instanceof AccessDeniedException) {
            reason += " (make it readable, or exclude it in .dockerignore)";
        }
        return file == null ? reason : file + ": " + reason;
    }
}
