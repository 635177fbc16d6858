package dev.strata.dockerfile.parse;

import dev.strata.dockerfile.model.Flag;
import dev.strata.dockerfile.model.Form;
import dev.strata.dockerfile.model.Heredoc;
import dev.strata.dockerfile.model.RawInstruction;
import dev.strata.dockerfile.model.SourceLocation;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One instruction as BuildKit's parser sees it, before its heredoc bodies are read: what becomes a
 * {@link RawInstruction} once the lines it spans are known.
 *
 * @param textOffset where {@code text} starts in the logical line, for error columns
 * @param trigger the nested instruction of ONBUILD, else {@code null}
 */
record Node(String keyword, List<Flag> flags, List<String> args, Form form, String text, int textOffset,
        Node trigger) {

    String lowerKeyword() {
        return keyword.toLowerCase(Locale.ROOT);
    }

    /** BuildKit's {@code canContainHeredoc}: RUN, COPY, ADD (also as ONBUILD's trigger), not JSON. */
    boolean canContainHeredoc() {
        Node node = trigger != null ? trigger : this;
        String k = node.lowerKeyword();
        return (k.equals("run") || k.equals("copy") || k.equals("add")) && node.form != Form.EXEC;
    }

    /** Heredocs go to the instruction that reads them: the trigger for ONBUILD. */
    RawInstruction toRaw(SourceLocation location, List<Heredoc> heredocs) {
        if (trigger != null) {
            return new RawInstruction(keyword, flags, args, form, List.of(), text, location,
                    Optional.of(trigger.toRaw(location, heredocs)));
        }
        return new RawInstruction(keyword, flags, args, form, heredocs, text, location, Optional.empty());
    }
}
