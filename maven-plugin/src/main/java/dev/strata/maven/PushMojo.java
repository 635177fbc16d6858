package dev.strata.maven;

import dev.strata.builder.api.BuildResult;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Builds the image (reusing the layer cache of {@code strata:build}) and pushes it to the
 * registry of every {@code <tags>} entry, e.g. {@code registry.example.com/team/app:1.0}.
 * Registries in {@code <insecureRegistries>} are reached over plain HTTP. Credentials: the
 * {@code settings.xml} {@code <server>} whose id is the registry host, else Docker's config.json.
 * Every parameter can also be given as {@code -Dstrata.NAME=VALUE}, which wins over the POM.
 */
@Mojo(name = "push", defaultPhase = LifecyclePhase.DEPLOY, threadSafe = true,
        requiresDependencyResolution = ResolutionScope.RUNTIME)
public class PushMojo extends AbstractStrataMojo {
    @Override
    void run(PluginConfig config) throws MojoExecutionException, MojoFailureException {
        if (config.tags().isEmpty()) {
            throw new MojoFailureException("strata:push needs at least one <tags> entry naming the registry"
                    + " and repository, e.g. <tag>registry.example.com/app:${project.version}</tag>"
                    + " (or -Dstrata.tags=...)");
        }
        BuildResult result = new Build(this, config).run(true);
        getLog().info("Pushed " + String.join(", ", result.tags()) + " (manifest " + result.manifestDigest() + ")");
    }

}
