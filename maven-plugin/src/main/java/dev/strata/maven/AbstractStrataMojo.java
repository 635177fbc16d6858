package dev.strata.maven;

import java.io.File;
import java.util.List;
import java.util.Map;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * The parameters shared by {@code strata:build} and {@code strata:push}, named like the flags of
 * {@code strata build} (and {@code docker build}). Every parameter can also be set on the command
 * line as {@code -Dstrata.NAME=...}, which wins over the POM; lists are comma-separated
 * ({@code -Dstrata.tags=app:1,app:latest}), maps are {@code KEY=VALUE} pairs
 * ({@code -Dstrata.buildArgs=VERSION=1,MODE=prod}), and specs that contain commas themselves
 * ({@code outputs}, {@code cacheFrom}, {@code cacheTo}, {@code secrets}) are separated by semicolons.
 */
abstract class AbstractStrataMojo extends AbstractMojo {

    /** The Dockerfile. Relative paths are resolved against the project's directory. */
    @Parameter(property = "strata.dockerfile", defaultValue = "${project.basedir}/Dockerfile")
    File dockerfile;

    /** The build context: the directory COPY and ADD read from. */
    @Parameter(property = "strata.contextDirectory", defaultValue = "${project.basedir}")
    File contextDirectory;

    /**
     * Names for the image ({@code -t}), e.g. <code>registry.example.com/app:${project.version}</code>.
     * When empty, {@code strata:build} tags the image <code>${project.artifactId}:${project.version}</code>.
     */
    @Parameter(property = "strata.tags")
    List<String> tags;

    /**
     * Build arguments ({@code --build-arg}); Maven properties such as {@code ${project.version}}
     * work. On the command line: {@code -Dstrata.buildArgs=NAME=VALUE,NAME2=VALUE2}.
     */
    @Parameter
    Map<String, String> buildArgs;

    /** The stage to build ({@code --target}); the last stage when unset. */
    @Parameter(property = "strata.target")
    String target;

    /** Labels to add to the image ({@code --label}). On the command line: {@code -Dstrata.labels=KEY=VALUE,...}. */
    @Parameter
    Map<String, String> labels;

    /** The target platform ({@code --platform}), e.g. {@code linux/amd64}; the host's when unset. */
    @Parameter(property = "strata.platform")
    String platform;

    /**
     * Target platforms for one multi-platform image (an OCI image index), e.g.
     * {@code <platform>linux/amd64</platform><platform>linux/arm64</platform>}: the builder's
     * {@code --platform linux/amd64,linux/arm64}. Use either this or {@code <platform>}.
     */
    @Parameter(property = "strata.platforms")
    List<String> platforms;

    /**
     * Outputs ({@code -o}) as {@code strata build} writes them, e.g. {@code type=oci,dest=target/image.tar}.
     * On the command line, separate several with semicolons.
     */
    @Parameter(property = "strata.outputs")
    List<String> outputs;

    /**
     * Named build contexts ({@code --build-context}), {@code NAME=VALUE}. A name may be an image
     * reference used in FROM, which it then replaces: {@code eclipse-temurin:21-jre=oci-layout:///base:jre}.
     */
    @Parameter(property = "strata.buildContexts")
    List<String> buildContexts;

    /** Do not use the layer cache ({@code --no-cache}). */
    @Parameter(property = "strata.noCache", defaultValue = "false")
    boolean noCache;

    /** Registries reached over plain HTTP or with an unverified certificate, e.g. {@code localhost:5000}. */
    @Parameter(property = "strata.insecureRegistries")
    List<String> insecureRegistries;

    /**
     * Registry caches to import ({@code --cache-from}), e.g.
     * {@code type=registry,ref=registry.example.com/app:buildcache}.
     */
    @Parameter(property = "strata.cacheFrom")
    List<String> cacheFrom;

    /** Registry caches to export every step to ({@code --cache-to}), same spelling as {@code <cacheFrom>}. */
    @Parameter(property = "strata.cacheTo")
    List<String> cacheTo;

    /**
     * The local store and layer cache ({@code --root}), an OCI image layout; when unset,
     * {@code $STRATA_ROOT}, else {@code ~/.local/share/strata}.
     */
    @Parameter(property = "strata.root")
    File root;

    /** Layer compression for new layers: {@code gzip} or {@code zstd}. */
    @Parameter(property = "strata.compression")
    String compression;

    /**
     * Timestamp for reproducible images (file times and the image's creation date): seconds since
     * 1970 or ISO-8601, or {@code now} for wall-clock time. Defaults to Maven's reproducible-builds
     * property; when that is unset too, Strata's default, 1970-01-01.
     */
    @Parameter(property = "strata.sourceDateEpoch", defaultValue = "${project.build.outputTimestamp}")
    String sourceDateEpoch;

    /** When to fetch base images from their registry ({@code --pull}): {@code missing} (default), {@code always}, {@code never}. */
    @Parameter(property = "strata.pull")
    String pull;

    /**
     * Secrets for {@code RUN --mount=type=secret} ({@code --secret}): {@code id=NAME,src=FILE} or
     * {@code id=NAME,env=VAR}; never stored in the image or printed. E.g.
     * <code>id=maven-settings,src=${user.home}/.m2/settings.xml</code>.
     */
    @Parameter(property = "strata.secrets")
    List<String> secrets;

    /** The network of RUN steps ({@code --network}): {@code host} (default) or {@code none}. */
    @Parameter(property = "strata.network")
    String network;

    /**
     * How RUN steps are isolated ({@code --isolation}): {@code auto} (default: the strongest that
     * works here, named in the log), {@code oci}, {@code userns} or {@code chroot}.
     */
    @Parameter(property = "strata.isolation")
    String isolation;

    /** The OCI runtime for RUN steps ({@code --runtime}); default: runc or crun on PATH. */
    @Parameter(property = "strata.runtime")
    File runtime;

    /**
     * Send registry credentials ({@code settings.xml} servers, Docker's config.json and credential
     * helpers) to a registry in {@code <insecureRegistries>} that is not on this machine
     * (loopback), where they may travel over plain HTTP. Off by default: they are not sent, and a
     * registry that needs them fails the build saying so.
     */
    @Parameter(property = "strata.allowInsecureCredentials", defaultValue = "false")
    boolean allowInsecureCredentials;

    /**
     * How byte progress of pulls, pushes and base-layer unpacking is logged ({@code --progress}): {@code auto} (default:
     * at info when Maven runs in a terminal, else at debug) or {@code plain} (always at info).
     */
    @Parameter(property = "strata.progress", defaultValue = "auto")
    String progress;

    /**
     * Attach the CycloneDX SBOM of the project's runtime dependencies, taken from the Maven model
     * (the document {@code strata:context} writes to {@code target/strata-sbom.cdx.json}), to the
     * image as an in-toto attestation (predicate type {@code https://cyclonedx.org/bom}), as
     * {@code docker buildx build --sbom=true} attaches its SBOM: the image becomes an OCI index
     * listing the image and its attestation manifest. Off by default, as in buildx.
     */
    @Parameter(property = "strata.sbom", defaultValue = "false")
    boolean sbom;

    /** Skip this goal ({@code -Dstrata.skip}). */
    @Parameter(property = "strata.skip", defaultValue = "false")
    boolean skip;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    MavenProject project;

    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    MavenSession session;

    @Component
    SettingsDecrypter settingsDecrypter;

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        StrataProperties properties = new StrataProperties(session.getUserProperties(), session.getSystemProperties());
        properties.unknown().forEach(getLog()::warn);
        if (properties.flag("skip", skip)) {
            getLog().info("Skipping Strata (strata.skip)");
            return;
        }
        PluginConfig config;
        try {
            config = PluginConfig.resolve(this, properties);
        } catch (InvalidParameterException e) {
            throw new MojoFailureException(e.getMessage());
        }
        run(config);
    }

    /** The goal's work, on the resolved configuration. */
    abstract void run(PluginConfig config) throws MojoExecutionException, MojoFailureException;

    ServerCredentials serverCredentials() {
        return new ServerCredentials(session.getSettings(), settingsDecrypter);
    }
}
