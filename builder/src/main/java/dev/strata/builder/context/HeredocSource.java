package dev.strata.builder.context;

import java.util.Objects;

/**
 * A here-document source of COPY/ADD ({@code COPY <<a.txt /dst/}): the file {@code name} with
 * {@code content} (already expanded and chomped by the engine), mode 0644 as in BuildKit.
 */
public record HeredocSource(String name, byte[] content) {
    public HeredocSource {
        Objects.requireNonNull(name, "name");
        content = content.clone();
    }

    @Override
    public byte[] content() {
        return content.clone();
    }
}
