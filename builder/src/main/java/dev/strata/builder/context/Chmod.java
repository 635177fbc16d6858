package dev.strata.builder.context;

import java.util.Optional;

/** The {@code --chmod} of a COPY/ADD, octal or symbolic; absent leaves modes as they are. Immutable. */
final class Chmod {

    private final int octal;
    private final SymbolicMode symbolic;

    private Chmod(int octal, SymbolicMode symbolic) {
        this.octal = octal;
        this.symbolic = symbolic;
    }

    static Chmod of(Optional<String> chmod) {
        if (chmod.isEmpty()) {
            return new Chmod(-1, null);
        }
        String v = chmod.get();
        if (!v.isEmpty() && Character.isDigit(v.charAt(0))) {
            if (v.matches("[0-7]{1,5}") && Integer.parseInt(v, 8) <= 07777) {
                return new Chmod(Integer.parseInt(v, 8), null);
            }
            throw new CopyException("invalid chmod parameter: '" + v + "'. it should be octal string and between 0 and 07777");
        }
        try {
            return new Chmod(-1, SymbolicMode.parse(v));
        } catch (IllegalArgumentException e) {
            throw new CopyException("invalid chmod parameter: '" + v + "': " + e.getMessage());
        }
    }

    /**
     * The mode of a destination directory the copy makes (BuildKit's {@code MkdirAll}): an octal
     * {@code --chmod}, else 0755; a symbolic one does not count there, as in BuildKit.
     */
    int newDirectory() {
        return octal >= 0 ? octal : 0755;
    }

    /** The mode an entry gets, from its own bits {@code perm}. */
    int apply(int perm, boolean directory) {
        if (octal >= 0) {
            return octal;
        }
        return symbolic == null ? perm : symbolic.apply(perm, directory);
    }
}
