package dev.strata.dockerfile.model;

import java.util.Objects;

/**
 * A here-document attached to RUN, COPY or ADD.
 *
 * @param name the delimiter with quotes removed ({@code EOF} for {@code <<"EOF"})
 * @param content the body as written, every line ending in a newline; when {@code chomp} is
 *     set, leading tabs are already removed from each line
 * @param expand false when any part of the delimiter was quoted
 * @param chomp true for {@code <<-}
 * @param fileDescriptor the descriptor written before {@code <<} ({@code 3<<EOF}), else 0
 */
public record Heredoc(String name, String content, boolean expand, boolean chomp, int fileDescriptor) {
    public Heredoc {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(content, "content");
    }
}
