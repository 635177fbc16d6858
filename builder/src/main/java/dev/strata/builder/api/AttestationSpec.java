package dev.strata.builder.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which attestations a build attaches to its image ({@code --sbom}, {@code --provenance},
 * {@code --attest}), as buildx names them. Any attestation makes the image an index holding the
 * image and its attestation manifest, as BuildKit stores them.
 *
 * @param sbom an SPDX SBOM of the image's packages and Java artifacts
 * @param provenance SLSA provenance mode, {@code min} or {@code max}; empty for none
 * @param extra statements a front end brings (the Maven plugin's CycloneDX SBOM), in order
 */
public record AttestationSpec(boolean sbom, Optional<String> provenance, List<ExtraAttestation> extra) {
    public static final AttestationSpec NONE = new AttestationSpec(false, Optional.empty(), List.of());

    public AttestationSpec(boolean sbom, Optional<String> provenance) {
        this(sbom, provenance, List.of());
    }

    public AttestationSpec {
        extra = List.copyOf(extra);
        provenance.ifPresent(m -> {
            if (!m.equals("min") && !m.equals("max")) {
                throw new IllegalArgumentException("invalid provenance mode \"" + m + "\" (expected min or max)");
            }
        });
    }

    /** Whether any attestation is asked for. */
    public boolean any() {
        return sbom || provenance.isPresent() || !extra.isEmpty();
    }

    /** This spec with {@code attestation} attached too. */
    public AttestationSpec withExtra(ExtraAttestation attestation) {
        List<ExtraAttestation> more = new ArrayList<>(extra);
        more.add(attestation);
        return new AttestationSpec(sbom, provenance, more);
    }

    /** {@code --sbom=true|false} (a bare {@code --sbom} is true). */
    public AttestationSpec withSbom(String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        if (v.isEmpty() || v.equals("true") || v.equals("1")) {
            return new AttestationSpec(true, provenance, extra);
        }
        if (v.equals("false") || v.equals("0")) {
            return new AttestationSpec(false, provenance, extra);
        }
        if (v.startsWith("generator=")) {
            throw new IllegalArgumentException("invalid --sbom \"" + value + "\": SBOM generator images are not supported"
                    + " (strata reads the image's package databases and Java archives itself); use --sbom=true");
        }
        throw new IllegalArgumentException("invalid --sbom \"" + value + "\" (expected true or false)");
    }

    /** {@code --provenance=true|false|min|max|mode=min|mode=max}; true means {@code mode=min}, as buildx. */
    public AttestationSpec withProvenance(String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        if (v.isEmpty() || v.equals("true") || v.equals("1")) {
            return new AttestationSpec(sbom, Optional.of("min"), extra);
        }
        if (v.equals("false") || v.equals("0")) {
            return new AttestationSpec(sbom, Optional.empty(), extra);
        }
        String mode = v;
        for (String part : v.split(",")) {
            if (part.startsWith("mode=")) {
                mode = part.substring(5);
            } else if (!part.equals("min") && !part.equals("max")) {
                throw new IllegalArgumentException("invalid --provenance \"" + value + "\" (expected true, false, mode=min or mode=max)");
            }
        }
        if (!mode.equals("min") && !mode.equals("max")) {
            throw new IllegalArgumentException("invalid --provenance \"" + value + "\" (expected true, false, mode=min or mode=max)");
        }
        return new AttestationSpec(sbom, Optional.of(mode), extra);
    }

    /** {@code --attest type=sbom|provenance[,mode=...][,disabled=true]}. */
    public AttestationSpec withAttest(String spec) {
        String type = null;
        StringBuilder rest = new StringBuilder();
        boolean disabled = false;
        for (String part : spec.split(",")) {
            String p = part.strip();
            if (p.startsWith("type=")) {
                type = p.substring(5).toLowerCase(Locale.ROOT);
            } else if (p.equalsIgnoreCase("disabled=true")) {
                disabled = true;
            } else if (!p.isEmpty()) {
                rest.append(rest.length() == 0 ? "" : ",").append(p);
            }
        }
        if ("sbom".equals(type)) {
            return withSbom(disabled ? "false" : rest.length() == 0 ? "true" : rest.toString());
        }
        if ("provenance".equals(type)) {
            return withProvenance(disabled ? "false" : rest.length() == 0 ? "true" : rest.toString());
        }
        throw new IllegalArgumentException("invalid --attest \"" + spec + "\" (expected type=sbom or type=provenance[,mode=min|max])");
    }
}
