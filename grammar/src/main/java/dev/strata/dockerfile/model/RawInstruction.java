package dev.strata.dockerfile.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The syntax of one instruction as written, before any interpretation: what BuildKit's parser
 * keeps in its node tree. Typed instructions carry it so that tools (parse dumps, checks, error
 * messages) can see the original words.
 *
 * @param keyword the keyword as written (case kept)
 * @param flags leading {@code --flags}, in order
 * @param args the arguments as BuildKit's parser splits them (raw words; decoded strings for
 *     JSON form; for ENV and LABEL, (key, value, separator) triples, the separator being
 *     {@code "="} for {@code k=v} and {@code ""} for the legacy {@code ENV k v}; for HEALTHCHECK,
 *     the type then the command; for ONBUILD, empty: see {@code trigger})
 * @param form {@code null} for instructions without a shell/exec distinction
 * @param heredocs here-documents, in the order their markers appear
 * @param text the rest of the line after the flags, continuations joined, trimmed
 * @param location the lines the instruction spans (heredoc bodies included)
 * @param trigger for ONBUILD, the nested instruction as written; empty otherwise
 */
public record RawInstruction(
        String keyword,
        List<Flag> flags,
        List<String> args,
        Form form,
        List<Heredoc> heredocs,
        String text,
        SourceLocation location,
        Optional<RawInstruction> trigger) {
    public RawInstruction {
        Objects.requireNonNull(keyword, "keyword");
        flags = List.copyOf(flags);
        args = List.copyOf(args);
        heredocs = List.copyOf(heredocs);
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(trigger, "trigger");
    }

    /** An instruction without a nested trigger (anything but ONBUILD). */
    public RawInstruction(String keyword, List<Flag> flags, List<String> args, Form form, List<Heredoc> heredocs,
            String text, SourceLocation location) {
        this(keyword, flags, args, form, heredocs, text, location, Optional.empty());
    }
}
