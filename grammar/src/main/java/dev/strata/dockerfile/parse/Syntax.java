package dev.strata.dockerfile.parse;

import dev.strata.dockerfile.model.Flag;
import java.util.List;

/**
 * What the grammar recognises in one instruction: the keyword, the leading flags, the rest of the
 * line, and the decoded strings when the rest is a JSON array of strings (exec form).
 *
 * @param restOffset where {@code rest} starts in the text that was parsed
 * @param exec the decoded strings for exec form, {@code null} for anything else
 */
record Syntax(String keyword, List<Flag> flags, String rest, int restOffset, List<String> exec) {

    boolean isExec() {
        return exec != null;
    }
}
