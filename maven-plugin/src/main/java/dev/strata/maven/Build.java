package dev.strata.maven;

import dev.strata.builder.api.BuildException;
import dev.strata.builder.api.BuildRequest;
import dev.strata.builder.api.BuildResult;
import dev.strata.builder.api.Builder;
import dev.strata.builder.api.OutputSpec;
import dev.strata.dockerfile.DockerfileException;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;

/**
 * One in-process build for a goal, and the one place that translates the builder's failures:
 * the user's mistakes (the Dockerfile, the context, a parameter) become
 * {@code MojoFailureException} with the builder's one-line message and no stack trace, anything
 * else {@code MojoExecutionException}.
 */
final class Build {
    private final AbstractStrataMojo mojo;
    private final PluginConfig config;

    Build(AbstractStrataMojo mojo, PluginConfig config) {
        this.mojo = mojo;
        this.config = config;
    }

    BuildResult run(boolean push) throws MojoExecutionException, MojoFailureException {
        BuildRequest request;
        try {
            BuildRequest.Builder builder = RequestFactory.create(config, mojo.project.getBasedir().toPath());
            if (push) {
                // docker build --push is -o type=registry: push every tag
                builder.output(new OutputSpec(OutputSpec.Type.REGISTRY, Optional.empty(), true, Optional.empty()));
            }
            mojo.serverCredentials().registryCredentials().forEach(builder::credential);
            request = builder
                    .listener(new LogListener(mojo.getLog()))
                    .build();
        } catch (InvalidParameterException e) {
            throw new MojoFailureException(e.getMessage());
        }
        try {
            return Builder.create().build(request);
        } catch (BuildException | DockerfileException e) {
            throw new MojoFailureException(e.getMessage());
        } catch (UncheckedIOException e) {
            throw new MojoExecutionException("image build failed: " + e.getCause().getMessage(), e);
        }
    }
}
