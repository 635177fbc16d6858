package dev.strata.builder.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.builder.api.AttestationSpec;
import dev.strata.builder.api.BuildException;
import dev.strata.builder.api.ExtraAttestation;
import dev.strata.builder.api.NamedContext;
import dev.strata.builder.api.OutputSpec;
import dev.strata.builder.api.SecretSpec;
import dev.strata.builder.testing.BusyboxLayout;
import dev.strata.builder.testing.Command;
import dev.strata.builder.testing.DebianBase;
import dev.strata.builder.testing.Tools;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --sbom} and {@code --provenance}: the image becomes an index with an attestation manifest
 * as BuildKit stores it, read back with skopeo ({@code inspect --raw}, {@code copy --all} to an
 * OCI layout) and checked against the image and its base.
 */
class AttestationBuildTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private static JsonNode blob(Path layout, String digest) throws IOException {
        return JSON.readTree(layout.resolve("blobs/sha256").resolve(digest.substring("sha256:".length())).toFile());
    }

    private static byte[] jar(String group, String artifact, String version) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes)) {
            jar.putNextEntry(new ZipEntry("META-INF/maven/" + group + "/" + artifact + "/pom.properties"));
            jar.write(("groupId=" + group + "\nartifactId=" + artifact + "\nversion=" + version + "\n").getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
        }
        return bytes.toByteArray();
    }

    /** The attestation statements of {@code name} in the store, by predicate type, after {@code skopeo copy --all}. */
    private record Attested(JsonNode index, JsonNode attestationManifest, List<JsonNode> statements, Path layout) {
        JsonNode statement(String predicateType) {
            return statements.stream().filter(s -> s.get("predicateType").asText().equals(predicateType)).findFirst().orElseThrow();
        }
    }

    private Attested read(Path store, String name) throws IOException {
        Path skopeo = Tools.require("skopeo");
        JsonNode index = JSON.readTree(Command.ok(skopeo.toString(), "inspect", "--raw", "oci:" + store + ":" + name));
        Path copy = tmp.resolve("copy-" + name.replace(':', '-'));
        Command.ok(skopeo.toString(), "copy", "--all", "oci:" + store + ":" + name, "oci:" + copy + ":x");
        JsonNode att = index.get("manifests").get(1);
        JsonNode manifest = blob(copy, att.get("digest").asText());
        List<JsonNode> statements = new ArrayList<>();
        for (JsonNode layer : manifest.get("layers")) {
            assertEquals("application/vnd.in-toto+json", layer.get("mediaType").asText());
            JsonNode s = blob(copy, layer.get("digest").asText());
            assertEquals(layer.get("annotations").get("in-toto.io/predicate-type").asText(), s.get("predicateType").asText());
            statements.add(s);
        }
        return new Attested(index, manifest, statements, copy);
    }

    @Test
    void anExportedImagesStatementsNameTheCompressedManifestThatLeftTheStore() throws IOException {
        Path layouts = BusyboxLayout.create(tmp.resolve("layouts-export"), "busybox");
        Path ctx = Files.createDirectories(tmp.resolve("ctx-export"));
        Files.write(ctx.resolve("app.jar"), jar("com.example", "demo-app", "1.4.2"));
        TestBuild.write(ctx, "Dockerfile", "FROM busybox\nCOPY app.jar /app/app.jar\n");
        Path tar = tmp.resolve("export.tar");
        TestBuild.run(ctx, tmp.resolve("store-export"), b -> b.tag("app:1")
                .buildContext(NamedContext.parse("busybox=oci-layout://" + layouts + ":busybox"))
                .output(OutputSpec.parse("type=oci,dest=" + tar))
                .annotation(dev.strata.builder.api.Annotation.parse("index:org.example.team=core"))
                .annotation(dev.strata.builder.api.Annotation.parse("manifest-descriptor:org.example.kind=app"))
                .attestations(AttestationSpec.NONE.withSbom("true").withProvenance("mode=min")));
        Path layout = Files.createDirectories(tmp.resolve("export"));
        Command.ok("tar", "-xf", tar.toString(), "-C", layout.toString());

        Attested a = read(layout, "1");
        JsonNode image = a.index().get("manifests").get(0);
        assertEquals("core", a.index().path("annotations").path("org.example.team").asText(),
                "an index: annotation goes into the index attestations make: " + a.index());
        assertEquals("app", image.path("annotations").path("org.example.kind").asText(), "the image's descriptor in that index");
        JsonNode layers = blob(layout, image.get("digest").asText()).get("layers");
        assertEquals("application/vnd.oci.image.layer.v1.tar+gzip", layers.get(layers.size() - 1).get("mediaType").asText(),
                "the build's own layer leaves the store compressed");
        assertEquals(image.get("digest").asText(), a.index().get("manifests").get(1).get("annotations")
                .get("vnd.docker.reference.digest").asText());
        for (JsonNode statement : a.statements()) {
            assertEquals(image.get("digest").asText().substring(7), statement.get("subject").get(0).get("digest").get("sha256").asText(),
                    statement.get("predicateType").asText() + " names another manifest than the exported image's");
        }
    }

    @Test
    void aFrontEndsCycloneDxSbomIsAttachedNamingTheExportedManifest() throws IOException {
        Path layouts = BusyboxLayout.create(tmp.resolve("layouts-extra"), "busybox");
        Path ctx = Files.createDirectories(tmp.resolve("ctx-extra"));
        TestBuild.write(ctx, "app.txt", "app\n");
        TestBuild.write(ctx, "Dockerfile", "FROM busybox\nCOPY app.txt /app.txt\n");
        String bom = "{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.5\", \"components\": [{\"type\": \"library\","
                + " \"purl\": \"pkg:maven/com.example/lib@1.0?type=jar\"}]}";
        Path tar = tmp.resolve("extra.tar");
        TestBuild.run(ctx, tmp.resolve("store-extra"), b -> b.tag("app:1")
                .buildContext(NamedContext.parse("busybox=oci-layout://" + layouts + ":busybox"))
                .output(OutputSpec.parse("type=oci,dest=" + tar))
                .attestations(AttestationSpec.NONE.withExtra(new ExtraAttestation(ExtraAttestation.CYCLONEDX, bom))));
        Path layout = Files.createDirectories(tmp.resolve("extra"));
        Command.ok("tar", "-xf", tar.toString(), "-C", layout.toString());

        Attested a = read(layout, "1");
        assertEquals(1, a.statements().size(), "the front end's statement only: no --sbom or --provenance asked for");
        JsonNode statement = a.statement("https://cyclonedx.org/bom");
        assertEquals("https://in-toto.io/Statement/v0.1", statement.get("_type").asText());
        assertEquals(JSON.readTree(bom), statement.get("predicate"));
        String exported = a.index().get("manifests").get(0).get("digest").asText();
        assertEquals(exported.substring(7), statement.get("subject").get(0).get("digest").get("sha256").asText());
        assertEquals("pkg:docker/app@1?platform=linux%2Famd64", statement.get("subject").get(0).get("name").asText());

        Path bad = Files.createDirectories(tmp.resolve("ctx-bad"));
        TestBuild.write(bad, "Dockerfile", "FROM scratch\nENV A=1\n");
        BuildException e = org.junit.jupiter.api.Assertions.assertThrows(BuildException.class, () -> TestBuild.run(bad,
                tmp.resolve("store-bad"), b -> b.attestations(AttestationSpec.NONE.withExtra(
                        new ExtraAttestation(ExtraAttestation.CYCLONEDX, "[1, 2]")))));
        assertEquals("the https://cyclonedx.org/bom attestation's predicate is not a JSON object", e.getMessage());
    }

    @Test
    void busyboxWithAJarGetsMavenCoordinatesAndMinimalProvenance() throws IOException {
        Path layouts = BusyboxLayout.create(tmp.resolve("layouts"), "busybox");
        Path ctx = Files.createDirectories(tmp.resolve("ctx"));
        Files.write(ctx.resolve("app.jar"), jar("com.example", "demo-app", "1.4.2"));
        String dockerfile = "FROM busybox\nARG GREETING\nCOPY app.jar /app/app.jar\nRUN --mount=type=secret,id=tok true\n";
        TestBuild.write(ctx, "Dockerfile", dockerfile.replace("RUN --mount=type=secret,id=tok true\n", ""));
        Path secret = Files.writeString(tmp.resolve("tok"), "s3cr3t-value");
        Path store = tmp.resolve("store");
        TestBuild build = TestBuild.run(ctx, store, b -> b.tag("app:1")
                .buildContext(NamedContext.parse("busybox=oci-layout://" + layouts + ":busybox"))
                .buildArg("GREETING", "hello").buildArg("HTTP_PROXY", "http://user:pw@proxy:3128")
                .secret(SecretSpec.parse("id=tok,src=" + secret))
                .attestations(AttestationSpec.NONE.withSbom("true").withProvenance("mode=min")));

        Attested a = read(store, "app:1");
        assertEquals("application/vnd.oci.image.index.v1+json", a.index().get("mediaType").asText());
        JsonNode image = a.index().get("manifests").get(0);
        JsonNode att = a.index().get("manifests").get(1);
        assertEquals("amd64", image.get("platform").get("architecture").asText());
        assertEquals("unknown", att.get("platform").get("architecture").asText());
        assertEquals("unknown", att.get("platform").get("os").asText());
        assertEquals("attestation-manifest", att.get("annotations").get("vnd.docker.reference.type").asText());
        assertEquals(image.get("digest").asText(), att.get("annotations").get("vnd.docker.reference.digest").asText());
        assertEquals(build.result.imageId(), "sha256:" + sha256(Files.readAllBytes(
                store.resolve("blobs/sha256").resolve(build.result.imageId().substring(7)))), "the image ID is the index digest");

        JsonNode sbom = a.statement("https://spdx.dev/Document");
        assertEquals("https://in-toto.io/Statement/v0.1", sbom.get("_type").asText());
        assertEquals("pkg:docker/app@1?platform=linux%2Famd64", sbom.get("subject").get(0).get("name").asText());
        assertEquals(image.get("digest").asText().substring(7), sbom.get("subject").get(0).get("digest").get("sha256").asText());
        List<String> purls = new ArrayList<>();
        sbom.get("predicate").get("packages").forEach(p -> purls.add(p.get("externalRefs").get(0).get("referenceLocator").asText()));
        assertEquals(List.of("pkg:maven/com.example/demo-app@1.4.2"), purls, "busybox has no package database; the jar is found");

        JsonNode provenance = a.statement("https://slsa.dev/provenance/v0.2").get("predicate");
        assertEquals("https://mobyproject.org/buildkit@v1", provenance.get("buildType").asText());
        assertEquals(sha256(Files.readAllBytes(ctx.resolve("Dockerfile"))),
                provenance.get("invocation").get("configSource").get("digest").get("sha256").asText());
        assertEquals("hello", provenance.get("invocation").get("parameters").get("args").get("build-arg:GREETING").asText());
        assertFalse(provenance.get("invocation").get("parameters").get("args").has("build-arg:HTTP_PROXY"));
        JsonNode material = provenance.get("materials").get(0);
        assertEquals("pkg:docker/busybox?platform=linux%2Famd64", material.get("uri").asText());
        String baseDigest = Command.ok(Tools.require("skopeo").toString(), "inspect", "--format", "{{.Digest}}",
                "oci:" + layouts + ":busybox").strip();
        assertEquals(baseDigest, "sha256:" + material.get("digest").get("sha256").asText());
        assertFalse(provenance.has("buildConfig"), "min mode has no build definition");
        String all = Files.readString(a.layout().resolve("index.json")) + a.statements();
        assertFalse(all.contains("s3cr3t-value") || all.contains("user:pw"), "no secret or proxy credential in the attestations");
    }

    @Test
    void maxProvenanceAddsTheBuildDefinitionAndDockerfile() throws IOException {
        Path ctx = Files.createDirectories(tmp.resolve("ctx"));
        TestBuild.write(ctx, "Dockerfile", "FROM scratch AS build\nCOPY a.txt /a\nFROM scratch\nCOPY --from=build /a /b\n");
        TestBuild.write(ctx, "a.txt", "a\n");
        Path store = tmp.resolve("store");
        TestBuild.run(ctx, store, b -> b.tag("max:1").attestations(AttestationSpec.NONE.withProvenance("max")));
        Attested a = read(store, "max:1");
        assertEquals(1, a.statements().size(), "provenance only");
        JsonNode p = a.statements().get(0).get("predicate");
        JsonNode stages = p.get("buildConfig").get("stages");
        assertEquals("build", stages.get(0).get("name").asText());
        assertEquals("COPY a.txt /a", stages.get(0).get("instructions").get(0).asText());
        assertEquals("COPY --from=build /a /b", stages.get(1).get("instructions").get(0).asText());
        String data = p.get("metadata").get("https://mobyproject.org/buildkit@v1#metadata").get("source").get("infos").get(0).get("data").asText();
        assertEquals(Files.readString(ctx.resolve("Dockerfile")), new String(java.util.Base64.getDecoder().decode(data), StandardCharsets.UTF_8));
        assertTrue(p.get("metadata").get("completeness").get("parameters").asBoolean());
        assertFalse(p.get("metadata").has("buildStartedOn"), "a build with a fixed epoch gives the same attestations every time");
        String first = a.index().toString();
        TestBuild.run(ctx, store, b -> b.tag("max:1").noCache(true).attestations(AttestationSpec.NONE.withProvenance("max")));
        assertEquals(first, read(store, "max:1").index().toString(), "reproducible: the same index digest again");
    }

    @Test
    void debianBaseListsItsDpkgPackages() throws IOException {
        Tools.require("debootstrap");
        Path ctx = Files.createDirectories(tmp.resolve("ctx"));
        TestBuild.write(ctx, "Dockerfile", "FROM debian\nLABEL x=y\n");
        Path store = tmp.resolve("store");
        Path debian = DebianBase.layout();
        TestBuild.run(ctx, store, b -> b.tag("deb:1")
                .buildContext(NamedContext.parse("debian=oci-layout://" + debian + ":bookworm"))
                .attestations(AttestationSpec.NONE.withSbom("true")));
        JsonNode sbom = read(store, "deb:1").statement("https://spdx.dev/Document").get("predicate");
        List<String> found = new ArrayList<>();
        sbom.get("packages").forEach(p -> found.add(p.get("name").asText() + "=" + p.get("versionInfo").asText()));
        List<String> expected = new ArrayList<>();
        String name = null;
        String version = null;
        boolean installed = false;
        for (String line : (Files.readString(DebianBase.rootfs().resolve("var/lib/dpkg/status")) + "\n\n").split("\n", -1)) {
            if (line.isBlank()) {
                if (name != null && installed) {
                    expected.add(name + "=" + version);
                }
                name = null;
                installed = false;
            } else if (line.startsWith("Package: ")) {
                name = line.substring(9);
            } else if (line.startsWith("Version: ")) {
                version = line.substring(9);
            } else if (line.startsWith("Status: ")) {
                installed = line.endsWith(" installed");
            }
        }
        assertTrue(expected.size() > 50, "a minbase root has many packages: " + expected.size());
        assertEquals(expected.stream().sorted().toList(), found.stream().sorted().toList());
        assertTrue(found.stream().anyMatch(f -> f.startsWith("libc6=")), found.toString());
        JsonNode libc = null;
        for (JsonNode p : sbom.get("packages")) {
            if (p.get("name").asText().equals("libc6")) {
                libc = p;
            }
        }
        assertTrue(libc.get("externalRefs").get(0).get("referenceLocator").asText().startsWith("pkg:deb/debian/libc6@"));
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
