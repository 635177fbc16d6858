package dev.strata.builder.context;

import dev.strata.builder.context.fetch.UrlFetcher;
import java.util.Optional;

/** The checks BuildKit makes on a COPY/ADD before reading anything. */
final class CopyChecks {

    private CopyChecks() {
    }

    static void check(CopyRequest request) {
        String kw = request.keyword();
        CopyOptions o = request.options();
        int count = request.sources().size() + request.heredocs().size();
        if (count == 0) {
            throw new CopyException(kw + " failed: no source files were specified");
        }
        if (o.parents() && request.add()) {
            throw new CopyException("ADD does not take the flag --parents");
        }
        Optional<String> checksum = o.checksum();
        if (checksum.isPresent()) {
            if (!request.add()) {
                throw new CopyException("checksum can't be specified for COPY");
            }
            if (count != 1) {
                throw new CopyException("checksum can't be specified for multiple sources");
            }
            if (request.sources().isEmpty() || !UrlFetcher.isUrl(request.sources().get(0))) {
                String what = request.sources().isEmpty() ? "a heredoc" : "\"" + request.sources().get(0) + "\"";
                throw new CopyException("ADD --checksum requires an HTTP(S) source, not " + what);
            }
            String c = checksum.get();
            if (!c.matches("sha256:[0-9a-fA-F]{64}")) {
                throw new CopyException("ADD --checksum=" + c + ": expected sha256:<64 hex digits>");
            }
        }
    }
}
