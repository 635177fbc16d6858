package dev.strata.builder.registry;

/** An image reference that Docker would refuse too; the message names the reference and the fault. */
public final class InvalidReferenceException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidReferenceException(String reference, String reason) {
        super("invalid image reference \"" + reference + "\": " + reason);
    }
}
