package dev.strata.maven;

import dev.strata.builder.api.BuildResult;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Builds the image (reusing the layer cache of {@code strata:build}) and pushes it to the
 * registry of every {@code <tags>} entry, e.g. {@code registry.example.com/team/app:1.0}.
 * Registries in {@code <insecureRegistries>} are reached over plain HTTP.
 * Every parameter can also be given as {@code -Dstrata.NAME=VALUE}, which wins over the POM.
 */
@Mojo(name = "push", defaultPhase = LifecyclePhase.DEPLOY, threadSafe = true)
public class PushMojo extends AbstractStrataMojo {
    @Override
    void run(PluginConfig config) throws MojoExecutionException, MojoFailureException {
        if (config.tags().isEmpty()) {
            throw new MojoFailureException("strata:push needs at least one <tags> entry naming the registry"
                    + " and repository, e.g. <tag>registry.example.com/app:${project.version}</tag>"
                    + " (or -Dstrata.tags=...)");
        }
        warnAboutUnusedServers(config);
        BuildResult result = new Build(this, config).run(true);
        getLog().info("Pushed " + String.join(", ", result.tags()) + " (manifest " + result.manifestDigest() + ")");
    }

    private void warnAboutUnusedServers(PluginConfig config) {
        ServerCredentials servers = serverCredentials();
        config.tags().stream().map(ServerCredentials::registryOf).distinct().filter(servers::hasServer).forEach(host ->
                getLog().warn("settings.xml <server> \"" + host + "\" is not used: this Strata version reads registry"
                        + " credentials from Docker's config.json only ($DOCKER_CONFIG/config.json or ~/.docker/config.json)"));
    }
}
