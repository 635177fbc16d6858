package dev.strata.builder.steps;

import dev.strata.builder.layer.EntryAttributes;
import dev.strata.builder.layer.LayerEntry;
import dev.strata.builder.layer.LayerPaths;
import dev.strata.builder.plan.StageRef;
import dev.strata.dockerfile.model.Flag;
import dev.strata.dockerfile.model.Heredoc;
import dev.strata.dockerfile.model.Instruction;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code COPY} and {@code ADD}: sources from the context, a named context, another stage or an
 * image (COPY --from), heredocs, URLs (ADD); destination relative to WORKDIR, missing parents
 * created; {@code --chown}, {@code --chmod}, {@code --link}, {@code --exclude}, {@code --parents},
 * {@code --checksum} (ADD).
 */
final class CopyStep {
    private static final Set<String> COPY_FLAGS = Set.of("from", "chown", "chmod", "link", "exclude", "parents");
    private static final Set<String> ADD_FLAGS = Set.of("chown", "chmod", "link", "exclude", "checksum");
    private static final Set<String> NOT_SUPPORTED = Set.of("keep-git-dir", "unpack");

    private CopyStep() {}

    static void copy(Instruction.Copy copy, StageState s, StepServices services, StageRefResolver refs) {
        run(copy, copy.sources(), copy.destination(), copy.heredocs(), false, s, services, refs);
    }

    static void add(Instruction.Add add, StageState s, StepServices services, StageRefResolver refs) {
        run(add, add.sources(), add.destination(), add.heredocs(), true, s, services, refs);
    }

    /** Resolves a {@code --from} value to a stage or image. */
    @FunctionalInterface
    interface StageRefResolver {
        StageRef resolve(String from);
    }

    private static void run(Instruction ins, List<String> rawSources, String rawDest, List<Heredoc> heredocs,
            boolean isAdd, StageState s, StepServices services, StageRefResolver refs) {
        checkFlags(ins, isAdd);
        String keyword = isAdd ? "ADD" : "COPY";
        String destWord = s.expand(rawDest);
        String dest = destination(destWord, s);
        List<String> sources = new ArrayList<>();
        List<String> historySources = new ArrayList<>();
        Set<String> heredocNames = new HashSet<>();
        heredocs.forEach(h -> heredocNames.add(h.name()));
        List<Heredoc> usedHeredocs = new ArrayList<>();
        List<String> urls = new ArrayList<>();
        for (String raw : rawSources) {
            Optional<Heredoc> doc = heredocFor(raw, heredocs);
            if (doc.isPresent()) {
                usedHeredocs.add(doc.get());
                continue;
            }
            String src = s.expand(raw);
            historySources.add(src);
            if (src.startsWith("http://") || src.startsWith("https://")) {
                if (!isAdd) {
                    throw new StepException("source can't be a URL for COPY");
                }
                urls.add(src);
            } else {
                sources.add(src);
            }
        }
        usedHeredocs.forEach(h -> historySources.add("<<" + h.name()));
        Optional<String> from = ins.flag("from").map(s::expand);
        Optional<String> chown = ins.flag("chown").map(s::expand).filter(v -> !v.isEmpty());
        Optional<Integer> chmod = ins.flag("chmod").map(s::expand).filter(v -> !v.isEmpty()).map(CopyStep::chmod);
        List<String> excludes = ins.flags().stream().filter(f -> f.name().equals("exclude"))
                .map(f -> s.expand(f.value().orElse(""))).toList();
        boolean parents = ins.flag("parents").map(v -> !v.equals("false")).orElse(false);
        Optional<String> checksum = ins.flag("checksum").map(s::expand);
        if (checksum.isPresent() && (urls.size() != 1 || !sources.isEmpty())) {
            throw new StepException("checksum can't be specified for multiple sources or non-HTTP(S) sources");
        }
        if (sources.size() + urls.size() + usedHeredocs.size() > 1 && !destWord.endsWith("/")) {
            throw new StepException("When using " + keyword + " with more than one source file, the destination must be a directory and end with a /");
        }
        String text = keyword + " " + joinFlags(ins, s) + String.join(" ", historyWords(ins, rawSources, rawDest, s));
        LayerStep.Announced step = LayerStep.announce(s, services, text.replaceAll("\\s+$", ""));
        Optional<long[]> owner = chown.map(c -> services.resolveOwner(s, c));
        List<LayerEntry> entries = new ArrayList<>();
        List<String> digests = new ArrayList<>();
        if (!sources.isEmpty()) {
            FileRoot root = from.map(f -> services.stageFiles().open(refs.resolve(f)))
                    .orElseGet(() -> services.stageFiles().context());
            CopySources.Resolved resolved = services.copySources().resolve(
                    new CopySources.Spec(root, sources, dest, owner, chmod, excludes, parents, isAdd));
            entries.addAll(resolved.entries());
            digests.addAll(resolved.contentDigests());
        }
        for (Heredoc doc : usedHeredocs) {
            String content = doc.expand() ? s.lexer().withQuotesProcessed(false).processWord(doc.content(), s.expansionEnv())
                    : doc.content();
            LayerEntry file = InlineFiles.file(dest, doc.name(), content.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    chmod.orElse(0644), owner, s.created);
            entries.add(file);
            digests.add(InlineFiles.digest(content));
        }
        for (String url : urls) {
            UrlSource.Download d = UrlSource.fetch(url, checksum, services);
            entries.add(InlineFiles.downloaded(dest, d, chmod.orElse(0600), owner, s.created));
            digests.add(d.digest());
        }
        addMissingParents(entries, dest, s, services, owner);
        Map<String, Object> doc = LayerStep.keyDocument(s, text);
        doc.put("sources", digests);
        doc.put("paths", entries.stream().map(LayerEntry::path).toList());
        String createdBy = keyword + " " + String.join(" ", historySources) + " " + destWord;
        LayerStep.run(s, services, step, doc, createdBy, () -> entries);
    }

    private static void checkFlags(Instruction ins, boolean isAdd) {
        Set<String> allowed = isAdd ? ADD_FLAGS : COPY_FLAGS;
        for (Flag f : ins.flags()) {
            if (NOT_SUPPORTED.contains(f.name())) {
                throw new StepException(ins.keyword() + " --" + f.name() + " is not supported by Strata");
            }
            if (!allowed.contains(f.name())) {
                throw new StepException("unknown flag: --" + f.name() + " (" + ins.keyword() + " accepts "
                        + String.join(", ", new TreeSet<>(allowed).stream().map(n -> "--" + n).toList()) + ")");
            }
        }
    }

    /** The absolute destination; a trailing '/' (or '.') means a directory. */
    static String destination(String dest, StageState s) {
        String abs = dest.startsWith("/") ? Paths.clean(dest) : Paths.join(s.workingDir(), dest);
        boolean dir = dest.isEmpty() || dest.equals(".") || dest.endsWith("/") || dest.endsWith("/.");
        return dir && !abs.equals("/") ? abs + "/" : abs;
    }

    static int chmod(String text) {
        try {
            int mode = Integer.parseInt(text, 8);
            if (mode < 0 || mode > 07777) {
                throw new NumberFormatException();
            }
            return mode;
        } catch (NumberFormatException e) {
            throw new StepException("invalid chmod parameter \"" + text + "\": expected octal bits such as 755");
        }
    }

    private static Optional<Heredoc> heredocFor(String raw, List<Heredoc> heredocs) {
        if (!raw.startsWith("<<")) {
            return Optional.empty();
        }
        String name = raw.substring(2).replaceFirst("^-", "").replace("\"", "").replace("'", "");
        return heredocs.stream().filter(h -> h.name().equals(name)).findFirst();
    }

    /** Parents of the destination that the image does not have yet, so the layer creates them. */
    private static void addMissingParents(List<LayerEntry> entries, String dest, StageState s, StepServices services,
            Optional<long[]> owner) {
        Set<String> present = new HashSet<>();
        entries.forEach(e -> present.add(e.path()));
        String dir = dest.endsWith("/") ? dest.substring(0, dest.length() - 1) : dest.substring(0, Math.max(0, dest.lastIndexOf('/')));
        if (dir.isEmpty()) {
            return;
        }
        long uid = owner.map(o -> o[0]).orElse(0L);
        long gid = owner.map(o -> o[1]).orElse(0L);
        EntryAttributes attrs = EntryAttributes.of(0755, uid, gid, s.created);
        String current = "";
        for (String segment : dir.substring(1).split("/")) {
            current = current + "/" + segment;
            String rel = LayerPaths.normalize(current);
            if (!present.contains(rel) && !services.stageFiles().exists(s, current)) {
                entries.add(new LayerEntry.Directory(rel, attrs));
            }
        }
    }

    private static String joinFlags(Instruction ins, StageState s) {
        StringBuilder sb = new StringBuilder();
        for (Flag f : ins.flags()) {
            sb.append("--").append(f.name());
            f.value().ifPresent(v -> sb.append('=').append(expandLenient(v, s)));
            sb.append(' ');
        }
        return sb.toString();
    }

    private static List<String> historyWords(Instruction ins, List<String> sources, String dest, StageState s) {
        List<String> words = new ArrayList<>();
        for (String src : sources) {
            words.add(src.startsWith("<<") ? src : expandLenient(src, s));
        }
        words.add(expandLenient(dest, s));
        return words;
    }

    static String expandLenient(String word, StageState s) {
        try {
            return s.lexer().withKeepUnset(true).withRawQuotes(true).processWord(word, s.expansionEnv());
        } catch (RuntimeException e) {
            return word;
        }
    }
}
