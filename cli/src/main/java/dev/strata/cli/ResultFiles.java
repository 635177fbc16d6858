package dev.strata.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.strata.builder.api.BuildResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/** The files {@code --iidfile} and {@code --metadata-file} write, atomically. */
final class ResultFiles {
    private ResultFiles() {}

    /** BuildKit's metadata keys for an image build. */
    static String metadataJson(BuildResult result) throws IOException {
        Map<String, Object> doc = new LinkedHashMap<>();
        if (!result.imageId().equals(result.manifestDigest())) { // a multi-platform index has no one config, as in BuildKit
            doc.put("containerimage.config.digest", result.imageId());
        }
        doc.put("containerimage.digest", result.manifestDigest());
        if (!result.tags().isEmpty()) {
            doc.put("image.name", String.join(",", result.tags()));
        }
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc) + "\n";
    }

    /** Writes {@code text} to a temporary file beside {@code target}, then renames it. */
    static void writeAtomically(Path target, String text) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Path tmp = Files.createTempFile(dir, "." + abs.getFileName(), ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
