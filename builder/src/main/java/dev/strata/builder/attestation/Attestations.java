package dev.strata.builder.attestation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.builder.blob.BlobDescriptor;
import dev.strata.builder.blob.BlobStore;
import dev.strata.builder.hash.Digest;
import dev.strata.builder.json.Json;
import dev.strata.builder.layer.Layer;
import dev.strata.builder.oci.Descriptor;
import dev.strata.builder.oci.Manifest;
import dev.strata.builder.oci.MediaTypes;
import dev.strata.builder.oci.OciJson;
import dev.strata.builder.oci.Platform;
import dev.strata.builder.oci.StoredImage;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the attestation manifest of one image as BuildKit stores it: an OCI manifest whose layers
 * are in-toto statements ({@code application/vnd.in-toto+json}, each annotated with its
 * {@code in-toto.io/predicate-type}) about the image, and a config kept only for compatibility.
 * The image index lists it with platform {@code unknown/unknown} and the annotations
 * {@code vnd.docker.reference.type: attestation-manifest} and
 * {@code vnd.docker.reference.digest: <the image's manifest digest>}. Thread-safe.
 */
public final class Attestations {
    public static final String IN_TOTO = "application/vnd.in-toto+json";
    public static final String PREDICATE_TYPE = "in-toto.io/predicate-type";
    public static final String REFERENCE_TYPE = "vnd.docker.reference.type";
    public static final String REFERENCE_DIGEST = "vnd.docker.reference.digest";
    public static final String ATTESTATION_MANIFEST = "attestation-manifest";
    static final String STATEMENT_TYPE = "https://in-toto.io/Statement/v0.1";

    private final BlobStore store;

    public Attestations(BlobStore store) {
        this.store = store;
    }

    /**
     * Stores the attestations of {@code image} (built from {@code layers}) and returns the
     * descriptor the image index lists them under.
     */
    public Descriptor attach(StoredImage image, List<Layer> layers, AttestationInputs in, String created) throws IOException {
        List<Descriptor> statements = new ArrayList<>();
        List<Digest> diffIds = new ArrayList<>();
        if (in.sbom()) {
            List<Path> blobs = layers.stream().map(l -> store.path(l.digest())).toList();
            List<SoftwarePackage> packages = Sbom.packages(blobs);
            String seed = image.manifest().digest().toString();
            ObjectNode predicate = Sbom.spdx(in.names().isEmpty() ? "sbom" : in.names().get(0), created, seed, packages);
            statements.add(statement(image, in, Sbom.PREDICATE_TYPE, predicate, diffIds));
        }
        if (in.provenance().isPresent()) {
            statements.add(statement(image, in, Provenance.PREDICATE_TYPE, Provenance.predicate(in), diffIds));
        }
        for (AttestationInputs.Extra extra : in.extra()) {
            statements.add(statement(image, in, extra.predicateType(), predicate(extra), diffIds));
        }
        ObjectNode config = JsonNodeFactory.instance.objectNode();
        config.put("architecture", "unknown");
        config.put("os", "unknown");
        config.putObject("config");
        ObjectNode rootfs = config.putObject("rootfs");
        rootfs.put("type", "layers");
        ArrayNode ids = rootfs.putArray("diff_ids");
        diffIds.forEach(d -> ids.add(d.toString()));
        BlobDescriptor configBlob = store.put(OciJson.write(config));
        Manifest manifest = Manifest.of(MediaTypes.OCI_MANIFEST, Descriptor.of(MediaTypes.OCI_CONFIG, configBlob), statements, null);
        BlobDescriptor manifestBlob = store.put(OciJson.write(manifest));
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(REFERENCE_DIGEST, image.manifest().digest().toString());
        annotations.put(REFERENCE_TYPE, ATTESTATION_MANIFEST);
        return Descriptor.of(MediaTypes.OCI_MANIFEST, manifestBlob).withAnnotations(annotations)
                .withPlatform(new Platform("unknown", "unknown", null, null, null, null, null));
    }

    private Descriptor statement(StoredImage image, AttestationInputs in, String predicateType, ObjectNode predicate,
            List<Digest> diffIds) throws IOException {
        ObjectNode s = JsonNodeFactory.instance.objectNode();
        s.put("_type", STATEMENT_TYPE);
        s.put("predicateType", predicateType);
        ArrayNode subjects = s.putArray("subject");
        List<String> names = in.names().isEmpty() ? List.of("_") : in.names().stream().map(n -> subjectName(n, in.platform())).toList();
        for (String name : names) {
            ObjectNode subject = subjects.addObject();
            subject.put("name", name);
            subject.putObject("digest").put("sha256", image.manifest().digest().hex());
        }
        s.set("predicate", predicate);
        BlobDescriptor blob = store.put(Json.bytes(s));
        diffIds.add(blob.digest());
        return Descriptor.of(IN_TOTO, blob).withAnnotation(PREDICATE_TYPE, predicateType);
    }

    /** The predicate a front end brought, which must be a JSON object. */
    private static ObjectNode predicate(AttestationInputs.Extra extra) throws IOException {
        JsonNode node;
        try {
            node = Json.parse(extra.predicate().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalArgumentException("the " + extra.predicateType() + " attestation's predicate is not JSON: "
                    + Json.reason(e), e);
        }
        if (!(node instanceof ObjectNode object)) {
            throw new IllegalArgumentException("the " + extra.predicateType() + " attestation's predicate is not a JSON object");
        }
        return object;
    }

    /** {@code pkg:docker/NAME@TAG?platform=linux%2Famd64}, as BuildKit names a subject. */
    static String subjectName(String name, String platform) {
        int slash = name.lastIndexOf('/');
        int colon = name.lastIndexOf(':');
        String repo = colon > slash ? name.substring(0, colon) : name;
        String tag = colon > slash ? name.substring(colon + 1) : "latest";
        return "pkg:docker/" + repo + "@" + tag + "?platform=" + URLEncoder.encode(platform, StandardCharsets.UTF_8);
    }
}
