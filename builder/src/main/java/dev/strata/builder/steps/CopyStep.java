package dev.strata.builder.steps;

import dev.strata.builder.cache.CacheKey;
import dev.strata.builder.context.CopyEnvironment;
import dev.strata.builder.context.CopyException;
import dev.strata.builder.context.CopyOptions;
import dev.strata.builder.context.CopyPlan;
import dev.strata.builder.context.CopyRequest;
import dev.strata.builder.context.CopySourceResolver;
import dev.strata.builder.context.HeredocSource;
import dev.strata.builder.context.SourceDigest;
import dev.strata.builder.context.SourceRoot;
import dev.strata.builder.context.fetch.UrlFetcher;
import dev.strata.builder.context.users.UserDatabase;
import dev.strata.builder.hash.Digest;
import dev.strata.builder.plan.StageRef;
import dev.strata.builder.text.Urls;
import dev.strata.dockerfile.model.Flag;
import dev.strata.dockerfile.model.Heredoc;
import dev.strata.dockerfile.model.Instruction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code COPY} and {@code ADD}: the engine's part (expansion, {@code --from}, progress, cache,
 * history); the context package resolves the sources into layer entries and content digests.
 */
final class CopyStep {
    private CopyStep() {}

    /** Resolves a {@code --from} value to a stage or image. */
    @FunctionalInterface
    interface StageRefResolver {
        StageRef resolve(String from);
    }

    static void copy(Instruction.Copy copy, StageState s, StepServices services, StageRefResolver refs) {
        run(copy, copy.sources(), copy.destination(), copy.heredocs(), false, s, services, refs);
    }

    static void add(Instruction.Add add, StageState s, StepServices services, StageRefResolver refs) {
        run(add, add.sources(), add.destination(), add.heredocs(), true, s, services, refs);
    }

    private static void run(Instruction ins, List<String> rawSources, String rawDest, List<Heredoc> heredocs,
            boolean isAdd, StageState s, StepServices services, StageRefResolver refs) {
        String keyword = isAdd ? "ADD" : "COPY";
        List<Flag> expandedFlags = new ArrayList<>();
        for (Flag f : ins.flags()) {
            expandedFlags.add(new Flag(f.name(), f.value().map(s::expand)));
        }
        CopyOptions options;
        try {
            options = CopyOptions.fromFlags(isAdd, expandedFlags);
        } catch (CopyException e) {
            throw new StepException(e.getMessage(), e);
        }
        String dest = s.expand(rawDest);
        List<String> sources = new ArrayList<>();
        List<HeredocSource> docs = new ArrayList<>();
        List<String> historySources = new ArrayList<>();
        for (String raw : rawSources) {
            Optional<Heredoc> doc = heredocFor(raw, heredocs);
            if (doc.isPresent()) {
                String content = doc.get().expand()
                        ? s.lexer().withQuotesProcessed(false).processWord(doc.get().content(), s.expansionEnv())
                        : doc.get().content();
                docs.add(new HeredocSource(doc.get().name(), content.getBytes(StandardCharsets.UTF_8)));
            } else {
                String src = s.expand(raw);
                sources.add(src);
                historySources.add(UrlFetcher.isUrl(src) ? Urls.redact(src) : src);
            }
        }
        if (isAdd && services.offline()) {
            for (String src : sources) {
                if (UrlFetcher.isUrl(src)) {
                    throw new StepException("ADD " + Urls.redact(src) + ": offline: downloading it would need the network"
                            + " (run without offline mode)");
                }
            }
        }
        docs.forEach(d -> historySources.add("<<" + d.name()));
        String text = keyword + " " + String.join(" ", displayWords(ins, rawSources, rawDest, s));
        LayerStep.Announced step = LayerStep.announce(s, services, text);
        Optional<String> from = ins.flag("from").map(s::expand);
        SourceRoot root = from.map(f -> services.stageFiles().open(refs.resolve(f), f, step.number()))
                .orElseGet(() -> services.stageFiles().context());
        // The parent key already determines the image below (its tree and its users), and the key
        // document holds the --chown text, so the key is computed against an empty tree with
        // placeholder users: an unchanged rebuild never reads the image's layers.
        boolean needsUsers = options.chown().map(c -> !c.matches("[0-9]+(:[0-9]+)?")).orElse(false);
        CopyRequest request = new CopyRequest(isAdd, root, sources, docs, dest, s.workingDir(), options);
        CopyEnvironment empty = services.stageFiles().emptyEnvironment(s);
        CopyEnvironment keyEnv = needsUsers
                ? new CopyEnvironment(UserDatabase.placeholders(), empty.image(), empty.storeRoot(), empty.createdTime())
                : empty;
        CopyPlan keyPlan = plan(request, keyEnv);
        CopyPlan[] realPlan = {keyPlan};
        Map<String, Object> doc = LayerStep.keyDocument(s, text);
        java.util.function.Supplier<Map<String, ?>> keyDoc = () -> {
            Map<String, Object> full = new java.util.TreeMap<>(doc);
            try {
                full.put("sources", keyPlan.sourceDigests().stream().map(SourceDigest::canonical).toList());
            } catch (CopyException e) {
                throw new StepException(e.getMessage(), e);
            }
            return full;
        };
        // The walk's fingerprint and the rest of the document decide the key: when both are as a
        // previous build memoized them, its key is known without hashing a source or making the
        // document (a COPY of 10,000 files: 10,000 stat cache lookups and 1.3 MB of JSON).
        Optional<Digest> fingerprint = keyPlan.fingerprint()
                .map(f -> Digest.ofBytes((f + " " + CacheKey.of(doc).digest()).getBytes(StandardCharsets.UTF_8)));
        String identity = LayerStep.identity(s, step);
        CacheKey key = fingerprint.filter(f -> !services.noCache(s))
                .flatMap(f -> services.memo(identity, f, keyDoc))
                .orElseGet(() -> CacheKey.of(keyDoc.get()));
        String createdBy = keyword + " " + String.join(" ", historySources) + " " + dest;
        LayerStep.run(s, services, step, key, createdBy, () -> {
            if (needsUsers || !options.link() && !s.layers.isEmpty()) {
                realPlan[0] = plan(request, services.stageFiles().copyEnvironment(s, options.link()));
            }
            try {
                return realPlan[0].layerEntries(keyPlan.sourcesWithXattrs()); // the key's digests, made already
            } catch (CopyException e) {
                throw new StepException(e.getMessage(), e);
            }
        }, layer -> {
            keyPlan.close();
            if (realPlan[0] != keyPlan) {
                realPlan[0].close();
            }
        }, () -> fingerprint.ifPresent(f -> services.memoize(identity, f, key)));
    }

    private static CopyPlan plan(CopyRequest request, CopyEnvironment env) {
        try {
            return CopySourceResolver.plan(request, env);
        } catch (CopyException e) {
            throw new StepException(e.getMessage(), e);
        }
    }

    private static Optional<Heredoc> heredocFor(String raw, List<Heredoc> heredocs) {
        if (!raw.startsWith("<<")) {
            return Optional.empty();
        }
        String name = raw.substring(2).replaceFirst("^-", "").replace("\"", "").replace("'", "");
        return heredocs.stream().filter(h -> h.name().equals(name)).findFirst();
    }

    /** The instruction as BuildKit names the step: flags and words, variables expanded where set. */
    private static List<String> displayWords(Instruction ins, List<String> sources, String dest, StageState s) {
        List<String> words = new ArrayList<>();
        for (Flag f : ins.flags()) {
            words.add(f.value().map(v -> "--" + f.name() + "=" + expandLenient(v, s)).orElse("--" + f.name()));
        }
        for (String src : sources) {
            String word = src.startsWith("<<") ? src : expandLenient(src, s);
            words.add(UrlFetcher.isUrl(word) ? Urls.redact(word) : word);
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
