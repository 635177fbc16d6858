package dev.strata.builder.context;

import dev.strata.dockerfile.model.Flag;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The flags of one COPY or ADD, values already expanded by the engine. {@code --from} is the
 * engine's business (it picks the {@link SourceRoot}) and is not kept here.
 *
 * @param chown {@code --chown=user[:group]}
 * @param chmod {@code --chmod=0755} or symbolic ({@code u+x,go-w}, as chmod(1) with umask 0)
 * @param link {@code --link}: the layer does not depend on what the image holds at the destination
 * @param excludes {@code --exclude=pattern}, repeatable
 * @param parents {@code --parents} (COPY only)
 * @param checksum {@code --checksum=sha256:...} (ADD of a URL only)
 * @param unpack {@code --unpack=true|false} (ADD only): whether archives are extracted
 */
public record CopyOptions(Optional<String> chown, Optional<String> chmod, boolean link, List<String> excludes,
        boolean parents, Optional<String> checksum, Optional<Boolean> unpack) {

    private static final Set<String> COPY_FLAGS = Set.of("from", "chown", "chmod", "link", "exclude", "parents");
    private static final Set<String> ADD_FLAGS = Set.of("chown", "chmod", "link", "exclude", "checksum", "unpack", "keep-git-dir");

    public CopyOptions {
        Objects.requireNonNull(chown, "chown");
        Objects.requireNonNull(chmod, "chmod");
        excludes = List.copyOf(excludes);
        Objects.requireNonNull(checksum, "checksum");
        Objects.requireNonNull(unpack, "unpack");
    }

    public static CopyOptions none() {
        return new CopyOptions(Optional.empty(), Optional.empty(), false, List.of(), false, Optional.empty(), Optional.empty());
    }

    /**
     * Reads the flags of a COPY ({@code add=false}) or ADD. A flag the instruction does not take,
     * or one Strata does not implement ({@code --keep-git-dir}), is an error naming it.
     */
    public static CopyOptions fromFlags(boolean add, List<Flag> flags) {
        String keyword = add ? "ADD" : "COPY";
        Optional<String> chown = Optional.empty();
        Optional<String> chmod = Optional.empty();
        boolean link = false;
        List<String> excludes = new ArrayList<>();
        boolean parents = false;
        Optional<String> checksum = Optional.empty();
        Optional<Boolean> unpack = Optional.empty();
        for (Flag flag : flags) {
            String name = flag.name();
            if (!(add ? ADD_FLAGS : COPY_FLAGS).contains(name)) {
                throw new CopyException(keyword + " does not take the flag --" + name);
            }
            switch (name) {
                case "from" -> { }
                case "chown" -> chown = Optional.of(value(keyword, flag));
                case "chmod" -> chmod = Optional.of(value(keyword, flag));
                case "link" -> link = bool(keyword, flag);
                case "exclude" -> excludes.add(value(keyword, flag));
                case "parents" -> parents = bool(keyword, flag);
                case "checksum" -> checksum = Optional.of(value(keyword, flag));
                case "unpack" -> unpack = Optional.of(bool(keyword, flag));
                case "keep-git-dir" -> throw new CopyException(
                        "ADD --keep-git-dir is not supported by Strata (ADD from git repositories is not implemented)");
                default -> throw new IllegalStateException(name);
            }
        }
        return new CopyOptions(chown, chmod, link, excludes, parents, checksum, unpack);
    }

    private static String value(String keyword, Flag flag) {
        String v = flag.value().orElseThrow(() -> new CopyException(keyword + " --" + flag.name() + " needs a value"));
        if (v.isEmpty() && !flag.name().equals("chown")) {
            throw new CopyException(keyword + " --" + flag.name() + " needs a value");
        }
        return v;
    }

    private static boolean bool(String keyword, Flag flag) {
        if (flag.value().isEmpty()) {
            return true;
        }
        return switch (flag.value().get().toLowerCase(Locale.ROOT)) {
            case "true", "1", "t" -> true;
            case "false", "0", "f", "" -> false;
            default -> throw new CopyException(keyword + " --" + flag.name() + "=" + flag.value().get()
                    + ": expected true or false");
        };
    }

    /**
     * The {@code --chmod} mode when it is octal; -1 when absent or symbolic.
     *
     * @throws CopyException for a malformed mode
     */
    public int chmodBits() {
        Chmod.of(chmod);
        String v = chmod.orElse("");
        return v.matches("[0-7]{1,5}") ? Integer.parseInt(v, 8) : -1;
    }
}
