package dev.strata.maven;

import dev.strata.builder.api.AttestationSpec;
import dev.strata.builder.api.BuildException;
import dev.strata.builder.api.BuildRequest;
import dev.strata.builder.api.BuildResult;
import dev.strata.builder.api.Builder;
import dev.strata.builder.api.ExtraAttestation;
import dev.strata.builder.api.OutputSpec;
import dev.strata.builder.api.PullPolicy;
import dev.strata.builder.api.RegistryCredential;
import dev.strata.dockerfile.DockerfileException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.Log;

/**
 * One in-process build for a goal, and the one place that translates the builder's failures:
 * the user's mistakes (the Dockerfile, the context, a parameter) become
 * {@code MojoFailureException} with the builder's one-line message and no stack trace, anything
 * else {@code MojoExecutionException}.
 */
final class Build {
    private static final Pattern NOT_FOUND = Pattern.compile("\"([^\"]+)\": not found");
    private static final Pattern COPIES_JAR = Pattern.compile("(?i)^\\s*(COPY|ADD)\\s.*\\.jar\\b.*");

    private final AbstractStrataMojo mojo;
    private final PluginConfig config;
    private final Log log;

    Build(AbstractStrataMojo mojo, PluginConfig config) {
        this.mojo = mojo;
        this.config = config;
        this.log = mojo.getLog();
    }

    BuildResult run(boolean push) throws MojoExecutionException, MojoFailureException {
        PluginConfig effective = config;
        boolean offline = mojo.session.isOffline();
        if (offline) {
            effective = offline(push);
        }
        if (!push && effective.tags().isEmpty()) {
            // as jib-maven-plugin names an image it is given no name for
            String tag = mojo.project.getArtifactId().toLowerCase(Locale.ROOT) + ":" + mojo.project.getVersion();
            log.info("No <tags>: tagging the image " + tag);
            effective = effective.with(List.of(tag), effective.cacheFrom(), effective.cacheTo(), effective.pull());
        }
        warnIfJarIsNotReproducible();
        BuildRequest request;
        try {
            BuildRequest.Builder builder = RequestFactory.create(effective, mojo.project.getBasedir().toPath());
            if (push) {
                // docker build --push is -o type=registry: push every tag
                builder.output(new OutputSpec(OutputSpec.Type.REGISTRY, Optional.empty(), true, Optional.empty()));
            }
            for (RegistryCredential credential : mojo.serverCredentials().registryCredentials()) {
                checkTransport(credential);
                builder.credential(credential);
            }
            if (config.sbom()) {
                builder.attestations(AttestationSpec.NONE.withExtra(new ExtraAttestation(ExtraAttestation.CYCLONEDX, sbom())));
            }
            // the builder names where each registry's credentials came from as it uses them (LogListener)
            request = builder
                    .offline(offline)
                    .credentialsOverHttp(config.allowInsecureCredentials())
                    .listener(new LogListener(log, config.progressAtInfo() || System.console() != null))
                    .build();
        } catch (InvalidParameterException e) {
            throw new MojoFailureException(e.getMessage());
        }
        BuildResult result;
        try {
            result = Builder.create().build(request);
        } catch (BuildException | DockerfileException e) {
            throw new MojoFailureException(explain(e.getMessage(), offline));
        } catch (UncheckedIOException e) {
            throw new MojoExecutionException("image build failed: " + e.getCause().getMessage(), e);
        }
        new ImageFiles(Path.of(mojo.project.getBuild().getDirectory())).write(result, push);
        mojo.project.getProperties().setProperty("strata.image.digest", result.manifestDigest());
        mojo.project.getProperties().setProperty("strata.image.id", result.imageId());
        return result;
    }

    /** The CycloneDX SBOM of the runtime dependencies, as {@code strata:context} writes it. */
    private String sbom() throws MojoExecutionException, InvalidParameterException {
        List<JavaLayers.Dependency> dependencies = MavenDependencies.runtime(mojo.project, false);
        String json;
        try {
            json = new CycloneDx(mojo.project.getGroupId(), mojo.project.getArtifactId(), mojo.project.getVersion(),
                    SourceDateEpoch.parse(mojo.project.getProperties().getProperty("project.build.outputTimestamp")))
                    .json(dependencies);
        } catch (IOException e) {
            throw new MojoExecutionException("cannot read the dependencies for the SBOM: " + e.getMessage(), e);
        }
        log.info("Attaching the CycloneDX SBOM of " + dependencies.size() + " runtime dependencies to the image (<sbom>)");
        return json;
    }

    /** {@code mvn -o}: nothing leaves this machine, base images come from the store only. */
    private PluginConfig offline(boolean push) throws MojoFailureException {
        if (push) {
            throw new MojoFailureException("strata:push cannot push while Maven is offline (mvn -o): run it without -o");
        }
        for (String output : config.outputs()) {
            String spec = output.replace(" ", "").toLowerCase(Locale.ROOT);
            if (spec.contains("type=registry") || spec.contains("type=image") && spec.contains("push=true")) {
                throw new MojoFailureException("<outputs> " + output + " pushes to a registry, which offline Maven"
                        + " (mvn -o) forbids: run without -o, or drop that output (-Dstrata.outputs=...)");
            }
        }
        log.info("Maven is offline (mvn -o): base images come from the local store only; nothing is pulled or pushed");
        if (!config.cacheFrom().isEmpty() || !config.cacheTo().isEmpty()) {
            log.warn("Offline (mvn -o): <cacheFrom>/<cacheTo> registry caches are not used");
        }
        if (config.pull().isPresent() && !config.pull().get().equalsIgnoreCase("never")) {
            log.warn("Offline (mvn -o): <pull>" + config.pull().get() + "</pull> is ignored, nothing is pulled");
        }
        return config.with(config.tags(), List.of(), List.of(), Optional.of(PullPolicy.NEVER.name().toLowerCase(Locale.ROOT)));
    }

    /**
     * settings.xml credentials for a registry reached over plain HTTP would cross the network in
     * the clear; on this machine (loopback) nobody else can read them.
     */
    private void checkTransport(RegistryCredential credential) throws MojoFailureException {
        if (!config.insecureRegistries().contains(credential.registry()) || config.allowInsecureCredentials()) {
            return;
        }
        String host = credential.registry().replaceFirst(":\\d+$", "");
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.equals("localhost") || host.startsWith("127.") || host.equals("::1")) {
            return;
        }
        throw new MojoFailureException("settings.xml <server> \"" + credential.registry() + "\": its credentials would"
                + " be sent over plain HTTP (<insecureRegistries>) to a host that is not this machine; use HTTPS,"
                + " or allow it with <allowInsecureCredentials>true</allowInsecureCredentials>"
                + " (-Dstrata.allowInsecureCredentials)");
    }

    /** The builder's message, with what a Maven user should do about it. */
    private String explain(String message, boolean offline) {
        if (offline) {
            message = message.replace("(run without offline mode)", "(Maven is offline (mvn -o): run once without -o"
                    + (message.contains("pulling it would need") ? " to pull it)" : ")"));
        }
        if (message.contains("(use HTTPS, or allow credentials over HTTP)")) {
            message = message.replace("(use HTTPS, or allow credentials over HTTP)", "(use HTTPS, or allow it with"
                    + " <allowInsecureCredentials>true</allowInsecureCredentials>, -Dstrata.allowInsecureCredentials)");
        }
        Matcher notFound = NOT_FOUND.matcher(message);
        if (notFound.find()) {
            Path context = config.contextDirectory().toAbsolutePath().normalize();
            Path buildDir = Path.of(mojo.project.getBuild().getDirectory()).toAbsolutePath().normalize();
            String source = notFound.group(1).replaceFirst("^(\\./|/)+", "");
            if (buildDir.startsWith(context) && !buildDir.equals(context)
                    && context.resolve(source).normalize().startsWith(buildDir)) {
                return message + " (" + context.relativize(buildDir) + "/ is written by Maven: run `mvn package` first)";
            }
        }
        return message;
    }

    private void warnIfJarIsNotReproducible() {
        String timestamp = mojo.project.getProperties().getProperty("project.build.outputTimestamp");
        if (timestamp != null && !timestamp.isBlank()) {
            return;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(config.dockerfile(), StandardCharsets.UTF_8);
        } catch (IOException | UncheckedIOException e) {
            return; // the build reports an unreadable Dockerfile
        }
        for (int i = 0; i < lines.size(); i++) {
            if (COPIES_JAR.matcher(lines.get(i)).matches()) {
                log.warn(config.dockerfile().getFileName() + ":" + (i + 1) + ": copies a jar while"
                        + " project.build.outputTimestamp is unset: the jar differs every build, so the image"
                        + " cannot be reproducible (set <project.build.outputTimestamp> in the POM's <properties>)");
                return;
            }
        }
    }

    /** {@code target/strata-image.*}, as jib-maven-plugin writes {@code jib-image.*}. */
    private record ImageFiles(Path directory) {
        void write(BuildResult result, boolean pushed) throws MojoExecutionException {
            StringBuilder json = new StringBuilder("{\"image\":");
            json.append(result.tags().isEmpty() ? "null" : JsonText.quote(result.tags().get(0)));
            json.append(",\"imageId\":").append(JsonText.quote(result.imageId()));
            json.append(",\"imageDigest\":").append(JsonText.quote(result.manifestDigest()));
            json.append(",\"tags\":[");
            for (int i = 0; i < result.tags().size(); i++) {
                json.append(i == 0 ? "" : ",").append(JsonText.quote(tagOf(result.tags().get(i))));
            }
            json.append("],\"imagePushed\":").append(pushed).append("}");
            try {
                Files.createDirectories(directory);
                write("strata-image.digest", result.manifestDigest());
                write("strata-image.id", result.imageId());
                write("strata-image.json", json.toString());
            } catch (IOException e) {
                throw new MojoExecutionException("cannot write " + directory + "/strata-image.*: " + e.getMessage(), e);
            }
        }

        private void write(String name, String text) throws IOException {
            Path temp = Files.createTempFile(directory, "." + name, ".tmp");
            try {
                Files.writeString(temp, text, StandardCharsets.UTF_8);
                Files.move(temp, directory.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temp);
            }
        }

        private static String tagOf(String reference) {
            String name = reference.contains("@") ? reference.substring(0, reference.indexOf('@')) : reference;
            int colon = name.lastIndexOf(':');
            return colon > name.lastIndexOf('/') ? name.substring(colon + 1) : "latest";
        }
    }
}
