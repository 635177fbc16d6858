package dev.strata.maven;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.project.MavenProject;

/** The runtime dependencies Maven resolved for a project, as {@link JavaLayers} and {@link CycloneDx} take them. */
final class MavenDependencies {
    private MavenDependencies() {}

    /**
     * Every resolved runtime dependency that has a file.
     *
     * @throws InvalidParameterException when {@code jarsOnly} and one resolves to a directory (a
     *     reactor module whose jar is not built yet)
     */
    static List<JavaLayers.Dependency> runtime(MavenProject project, boolean jarsOnly) throws InvalidParameterException {
        List<JavaLayers.Dependency> dependencies = new ArrayList<>();
        for (Artifact artifact : project.getArtifacts()) {
            if (artifact.getFile() == null) {
                continue;
            }
            if (jarsOnly && artifact.getFile().isDirectory()) {
                throw new InvalidParameterException("dependency " + artifact.getId() + " resolves to the directory "
                        + artifact.getFile() + ", not a jar: run the goal with `mvn package` (the reactor module's jar"
                        + " must be built first)");
            }
            dependencies.add(new JavaLayers.Dependency(artifact.getGroupId(), artifact.getArtifactId(), artifact.getBaseVersion(),
                    artifact.getVersion(), Optional.ofNullable(artifact.getClassifier()).filter(c -> !c.isEmpty()),
                    artifact.getType(), artifact.getScope(), artifact.isSnapshot(), artifact.getFile().toPath(),
                    parentOf(artifact)));
        }
        return dependencies;
    }

    /** The artifact that brought {@code artifact} in ({@code group:artifact:version}), or empty for a direct one. */
    private static Optional<String> parentOf(Artifact artifact) {
        List<String> trail = artifact.getDependencyTrail();
        if (trail == null || trail.size() < 3) {
            return Optional.empty();
        }
        // trail entries are group:artifact:type[:classifier]:version; the first is the project itself
        String[] parts = trail.get(trail.size() - 2).split(":");
        return Optional.of(parts[0] + ":" + parts[1] + ":" + parts[parts.length - 1]);
    }
}
