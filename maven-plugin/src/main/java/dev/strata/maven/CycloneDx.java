package dev.strata.maven;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A CycloneDX 1.5 JSON SBOM of the project's runtime dependencies as Maven resolved them: each
 * with its package URL ({@code pkg:maven/group/artifact@version?type=jar}), scope and SHA-256 of
 * the very jar laid out, and who depends on whom. The same project gives the same bytes: no
 * serial number, components sorted, the timestamp only from {@code project.build.outputTimestamp}.
 */
final class CycloneDx {
    private final String groupId;
    private final String artifactId;
    private final String version;
    private final Optional<Instant> timestamp;

    CycloneDx(String groupId, String artifactId, String version, Optional<Instant> timestamp) {
        this.groupId = groupId;
        this.artifactId = artifactId;
        this.version = version;
        this.timestamp = timestamp;
    }

    void write(List<JavaLayers.Dependency> dependencies, Path file) throws IOException {
        String json = json(dependencies);
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temp = Files.createTempFile(parent, "." + file.getFileName(), ".tmp");
        try {
            Files.writeString(temp, json, StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    String json(List<JavaLayers.Dependency> dependencies) throws IOException {
        String root = purl(groupId, artifactId, version, Optional.empty(), "jar");
        Map<String, JavaLayers.Dependency> byRef = new TreeMap<>();
        Map<String, String> refByCoordinates = new LinkedHashMap<>();
        for (JavaLayers.Dependency d : dependencies) {
            String ref = purl(d.groupId(), d.artifactId(), d.version(), d.classifier(), d.type());
            byRef.put(ref, d);
            refByCoordinates.put(d.groupId() + ":" + d.artifactId() + ":" + d.baseVersion(), ref);
            refByCoordinates.put(d.groupId() + ":" + d.artifactId() + ":" + d.version(), ref);
        }
        Map<String, List<String>> dependsOn = new TreeMap<>();
        dependsOn.put(root, new ArrayList<>());
        byRef.keySet().forEach(ref -> dependsOn.put(ref, new ArrayList<>()));
        for (Map.Entry<String, JavaLayers.Dependency> e : byRef.entrySet()) {
            String parent = e.getValue().parent().map(refByCoordinates::get).orElse(root);
            dependsOn.getOrDefault(parent, dependsOn.get(root)).add(e.getKey());
        }

        StringBuilder out = new StringBuilder();
        out.append("{\n  \"bomFormat\": \"CycloneDX\",\n  \"specVersion\": \"1.5\",\n  \"version\": 1,\n  \"metadata\": {\n");
        timestamp.ifPresent(t -> out.append("    \"timestamp\": ").append(JsonText.quote(t.truncatedTo(ChronoUnit.SECONDS).toString())).append(",\n"));
        out.append("    \"tools\": {\"components\": [{\"type\": \"application\", \"name\": \"strata-maven-plugin\"}]},\n");
        out.append("    \"component\": {\"type\": \"application\", \"bom-ref\": ").append(JsonText.quote(root))
                .append(", \"group\": ").append(JsonText.quote(groupId)).append(", \"name\": ").append(JsonText.quote(artifactId))
                .append(", \"version\": ").append(JsonText.quote(version)).append(", \"purl\": ").append(JsonText.quote(root)).append("}\n  },\n");
        out.append("  \"components\": [");
        boolean first = true;
        for (Map.Entry<String, JavaLayers.Dependency> e : byRef.entrySet()) {
            JavaLayers.Dependency d = e.getValue();
            out.append(first ? "\n" : ",\n");
            first = false;
            out.append("    {\"type\": \"library\", \"bom-ref\": ").append(JsonText.quote(e.getKey()))
                    .append(", \"group\": ").append(JsonText.quote(d.groupId()))
                    .append(", \"name\": ").append(JsonText.quote(d.artifactId()))
                    .append(", \"version\": ").append(JsonText.quote(d.version()))
                    .append(", \"scope\": ").append(JsonText.quote("optional".equals(d.scope()) ? "optional" : "required"))
                    .append(Files.isRegularFile(d.file()) // a reactor module not packaged yet is a directory: no hash
                            ? ", \"hashes\": [{\"alg\": \"SHA-256\", \"content\": " + JsonText.quote(sha256(d.file())) + "}]" : "")
                    .append(", \"purl\": ").append(JsonText.quote(e.getKey()))
                    .append(", \"properties\": [{\"name\": \"maven:scope\", \"value\": ").append(JsonText.quote(d.scope())).append("}]}");
        }
        out.append(first ? "],\n" : "\n  ],\n");
        out.append("  \"dependencies\": [");
        first = true;
        for (Map.Entry<String, List<String>> e : dependsOn.entrySet()) {
            out.append(first ? "\n" : ",\n");
            first = false;
            out.append("    {\"ref\": ").append(JsonText.quote(e.getKey())).append(", \"dependsOn\": [");
            List<String> children = e.getValue().stream().sorted().toList();
            for (int i = 0; i < children.size(); i++) {
                out.append(i == 0 ? "" : ", ").append(JsonText.quote(children.get(i)));
            }
            out.append("]}");
        }
        out.append("\n  ]\n}\n");
        return out.toString();
    }

    /** The package URL of a Maven artifact, as the purl spec's maven type writes it. */
    static String purl(String group, String artifact, String version, Optional<String> classifier, String type) {
        List<String> qualifiers = new ArrayList<>();
        classifier.ifPresent(c -> qualifiers.add("classifier=" + encode(c)));
        qualifiers.add("type=" + encode(type));
        return "pkg:maven/" + encode(group) + "/" + encode(artifact) + "@" + encode(version) + "?" + String.join("&", qualifiers);
    }

    private static String encode(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c < 0x80 && (Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == '_' || c == '~')) {
                out.append(c);
            } else {
                out.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[65536];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this JVM", e);
        }
    }
}
