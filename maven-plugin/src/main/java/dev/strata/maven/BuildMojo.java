package dev.strata.maven;

import dev.strata.builder.api.BuildResult;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Builds the image from the Dockerfile, in-process and without a daemon, into the local store
 * (an OCI image layout under {@code <root>}, {@code ~/.local/share/strata} by default) and the
 * configured {@code <outputs>}.
 * Every parameter can also be given as {@code -Dstrata.NAME=VALUE}, which wins over the POM.
 */
@Mojo(name = "build", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true,
        requiresDependencyResolution = ResolutionScope.RUNTIME)
public class BuildMojo extends AbstractStrataMojo {
    @Override
    void run(PluginConfig config) throws MojoExecutionException, MojoFailureException {
        BuildResult result = new Build(this, config).run(false);
        getLog().info("Built image " + result.imageId() + " (manifest " + result.manifestDigest() + ")"
                + (result.tags().isEmpty() ? "" : " as " + String.join(", ", result.tags())));
    }
}
