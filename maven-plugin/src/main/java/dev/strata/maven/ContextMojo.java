package dev.strata.maven;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.project.MavenProject;

/**
 * Lays the project out as Jib layers it, for a Dockerfile to copy folder by folder:
 * {@code libs/} (release dependencies), {@code snapshot-libs/} (snapshot and reactor dependencies),
 * {@code resources/} and {@code classes/} under {@code target/strata-context}. Four COPY steps
 * then give four layers that change at different rates: a code change rebuilds and pushes only
 * the classes layer, as with {@code jib:build}, without a RUN step. Files get a fixed time (the
 * reproducible-build timestamp, else 1970-01-01T00:00:01Z as Jib) and are rewritten only when
 * their content changed, so unchanged folders stay cache hits.
 * Also writes the CycloneDX SBOM of the runtime dependencies, taken from the Maven model,
 * to {@code target/strata-sbom.cdx.json}.
 */
@Mojo(name = "context", defaultPhase = LifecyclePhase.PREPARE_PACKAGE, threadSafe = true,
        requiresDependencyResolution = ResolutionScope.RUNTIME)
public class ContextMojo extends AbstractMojo {
    /** Jib's default file time: not 0, which some tools take for "no time". */
    static final Instant JIB_EPOCH = Instant.ofEpochSecond(1);

    /** Where the four folders go; a Dockerfile in the project directory copies them from {@code target/strata-context/...}. */
    @Parameter(property = "strata.contextOutput", defaultValue = "${project.build.directory}/strata-context")
    File contextOutput;

    /**
     * Where to write the CycloneDX (JSON) SBOM of the runtime dependencies; empty to write none.
     * ({@code <sbom>true</sbom>} of {@code strata:build} and {@code strata:push} attaches the same
     * SBOM to the image.)
     */
    @Parameter(property = "strata.sbomFile", defaultValue = "${project.build.directory}/strata-sbom.cdx.json")
    File sbomFile;

    /** The file time of everything laid out: Maven's reproducible-build timestamp, else Jib's 1970-01-01T00:00:01Z. */
    @Parameter(defaultValue = "${project.build.outputTimestamp}", readonly = true)
    String outputTimestamp;

    /** Skip this goal ({@code -Dstrata.skip}). */
    @Parameter(property = "strata.skip", defaultValue = "false")
    boolean skip;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    MavenProject project;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("Skipping Strata (strata.skip)");
            return;
        }
        Instant time;
        try {
            time = SourceDateEpoch.parse(outputTimestamp).orElse(JIB_EPOCH);
        } catch (InvalidParameterException e) {
            throw new MojoFailureException(e.getMessage());
        }
        List<JavaLayers.Dependency> dependencies;
        try {
            dependencies = MavenDependencies.runtime(project, true);
        } catch (InvalidParameterException e) {
            throw new MojoFailureException(e.getMessage());
        }
        Path classes = Path.of(project.getBuild().getOutputDirectory());
        JavaLayers layers = new JavaLayers(contextOutput.toPath(), time);
        JavaLayers.Summary summary;
        try {
            summary = layers.write(dependencies, classes);
        } catch (IOException e) {
            throw new MojoExecutionException("cannot lay out " + contextOutput + ": " + e.getMessage(), e);
        }
        getLog().info("Laid out " + project.getBasedir().toPath().relativize(contextOutput.toPath()) + ": "
                + summary.libs() + " dependencies in libs/, " + summary.snapshotLibs() + " in snapshot-libs/, "
                + summary.resources() + " files in resources/, " + summary.classes() + " in classes/ ("
                + summary.rewritten() + " written, the rest unchanged)");
        if (sbomFile != null && !sbomFile.getPath().isEmpty()) {
            try {
                new CycloneDx(project.getGroupId(), project.getArtifactId(), project.getVersion(),
                        SourceDateEpoch.parse(outputTimestamp)).write(dependencies, sbomFile.toPath());
            } catch (InvalidParameterException e) {
                throw new MojoFailureException(e.getMessage());
            } catch (IOException e) {
                throw new MojoExecutionException("cannot write " + sbomFile + ": " + e.getMessage(), e);
            }
            getLog().info("Wrote the CycloneDX SBOM of " + dependencies.size() + " runtime dependencies to "
                    + project.getBasedir().toPath().relativize(sbomFile.toPath()));
        }
    }
}
