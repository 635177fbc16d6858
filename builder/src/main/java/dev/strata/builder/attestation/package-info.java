/**
 * Supply-chain attestations of a built image, stored as BuildKit stores them: an attestation
 * manifest beside the image in its index, whose layers are in-toto statements (an SPDX SBOM made
 * from the image's files, SLSA provenance of the build).
 */
package dev.strata.builder.attestation;
