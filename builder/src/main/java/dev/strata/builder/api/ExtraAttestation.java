package dev.strata.builder.api;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An attestation a front end brings along for the builder to attach besides its own: an in-toto
 * statement of {@code predicateType} whose subject is the image manifest that leaves the store
 * (the builder fills it in) and whose predicate is {@code predicate}. The Maven plugin passes the
 * CycloneDX SBOM of the project's dependencies this way ({@link #CYCLONEDX}): it knows them
 * better than a scan of the image can.
 *
 * @param predicateType an absolute URI ({@code https://cyclonedx.org/bom})
 * @param predicate a JSON object (checked when the build starts)
 */
public record ExtraAttestation(String predicateType, String predicate) {
    /** The in-toto predicate type of a CycloneDX BOM, as Syft and Docker Scout write it. */
    public static final String CYCLONEDX = "https://cyclonedx.org/bom";

    private static final Pattern URI = Pattern.compile("[a-zA-Z][a-zA-Z0-9+.-]*:[\\x21-\\x7e]+");

    public ExtraAttestation {
        Objects.requireNonNull(predicateType, "predicateType");
        Objects.requireNonNull(predicate, "predicate");
        if (!URI.matcher(predicateType).matches()) {
            throw new IllegalArgumentException("invalid attestation predicate type \"" + DisplayText.oneLine(predicateType)
                    + "\" (expected an absolute URI such as " + CYCLONEDX + ")");
        }
    }
}
