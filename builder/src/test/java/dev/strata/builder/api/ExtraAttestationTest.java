package dev.strata.builder.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ExtraAttestationTest {
    @Test
    void anExtraStatementAloneMakesAttestationsAndSurvivesTheOtherFlags() {
        ExtraAttestation bom = new ExtraAttestation(ExtraAttestation.CYCLONEDX, "{}");
        AttestationSpec spec = AttestationSpec.NONE.withExtra(bom);
        assertFalse(AttestationSpec.NONE.any());
        assertTrue(spec.any(), "the image becomes an index with an attestation manifest");
        AttestationSpec more = spec.withSbom("true").withProvenance("max").withSbom("false");
        assertEquals(List.of(bom), more.extra());
        assertEquals(java.util.Optional.of("max"), more.provenance());
    }

    @Test
    void thePredicateTypeMustBeAnAbsoluteUri() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ExtraAttestation("cyclonedx bom\u001b[31m", "{}"));
        assertEquals("invalid attestation predicate type \"cyclonedx bom\" (expected an absolute URI such as"
                + " https://cyclonedx.org/bom)", e.getMessage());
    }
}
