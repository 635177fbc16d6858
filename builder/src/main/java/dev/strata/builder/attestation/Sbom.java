package dev.strata.builder.attestation;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * An SPDX 2.3 JSON document (BuildKit's default SBOM format) of what an image holds: the dpkg and
 * apk packages its databases list, and the Maven artifacts in its Java archives.
 */
final class Sbom {
    static final String PREDICATE_TYPE = "https://spdx.dev/Document";

    private Sbom() {}

    /** The packages in the image made of {@code layers} (blob paths, bottom first). */
    static List<SoftwarePackage> packages(List<Path> layers) throws IOException {
        ImageFiles files = ImageFiles.scan(layers);
        byte[] osRelease = files.database(ImageFiles.OS_RELEASE) != null ? files.database(ImageFiles.OS_RELEASE)
                : files.database(ImageFiles.USR_OS_RELEASE);
        List<SoftwarePackage> all = new ArrayList<>();
        byte[] dpkg = files.database(ImageFiles.DPKG_STATUS);
        if (dpkg != null) {
            all.addAll(PackageDatabases.dpkg(dpkg, PackageDatabases.distro(osRelease, "debian")));
        }
        byte[] apk = files.database(ImageFiles.APK_INSTALLED);
        if (apk != null) {
            all.addAll(PackageDatabases.apk(apk, PackageDatabases.distro(osRelease, "alpine")));
        }
        all.addAll(files.javaPackages());
        return all;
    }

    /**
     * The SPDX document.
     *
     * @param name what the document describes (the image's name)
     * @param created its time (the build's creation time, so a reproducible build gives the same SBOM)
     * @param seed makes the document namespace unique per image (the image's layers digests)
     */
    static ObjectNode spdx(String name, String created, String seed, List<SoftwarePackage> packages) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode doc = f.objectNode();
        doc.put("spdxVersion", "SPDX-2.3");
        doc.put("dataLicense", "CC0-1.0");
        doc.put("SPDXID", "SPDXRef-DOCUMENT");
        doc.put("name", name);
        doc.put("documentNamespace", "https://strata.dev/spdx/" + sha256(seed));
        ObjectNode creation = doc.putObject("creationInfo");
        creation.put("created", created);
        creation.putArray("creators").add("Tool: strata");
        ArrayNode list = doc.putArray("packages");
        ArrayNode relationships = doc.putArray("relationships");
        Set<String> ids = new LinkedHashSet<>();
        for (SoftwarePackage p : packages) {
            String id = "SPDXRef-Package-" + p.type() + "-" + sanitize(p.name()) + "-" + sha256(p.purl() + "\n" + p.location()).substring(0, 16);
            if (!ids.add(id)) {
                continue;
            }
            ObjectNode node = list.addObject();
            node.put("name", p.name());
            node.put("SPDXID", id);
            if (!p.version().isEmpty()) {
                node.put("versionInfo", p.version());
            }
            node.put("downloadLocation", "NOASSERTION");
            node.put("filesAnalyzed", false);
            node.put("licenseConcluded", "NOASSERTION");
            node.put("licenseDeclared", "NOASSERTION");
            node.put("copyrightText", "NOASSERTION");
            node.put("sourceInfo", source(p));
            ObjectNode ref = node.putArray("externalRefs").addObject();
            ref.put("referenceCategory", "PACKAGE-MANAGER");
            ref.put("referenceType", "purl");
            ref.put("referenceLocator", p.purl());
            ObjectNode rel = relationships.addObject();
            rel.put("spdxElementId", "SPDXRef-DOCUMENT");
            rel.put("relationshipType", "DESCRIBES");
            rel.put("relatedSpdxElement", id);
        }
        return doc;
    }

    private static String source(SoftwarePackage p) {
        return switch (p.type()) {
            case "deb" -> "acquired package info from DPKG DB: " + p.location();
            case "apk" -> "acquired package info from APK DB: " + p.location();
            default -> "acquired package info from installed java archive: " + p.location();
        };
    }

    private static String sanitize(String s) {
        return s.replaceAll("[^A-Za-z0-9.-]", "-");
    }

    static String sha256(String text) {
        return sha256bytes(text.getBytes(StandardCharsets.UTF_8));
    }

    static String sha256bytes(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
