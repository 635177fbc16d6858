package dev.strata.maven;

import dev.strata.builder.api.BuildRequest;
import dev.strata.builder.api.CacheSpec;
import dev.strata.builder.api.Compression;
import dev.strata.builder.api.DockerfileSource;
import dev.strata.builder.api.NamedContext;
import dev.strata.builder.api.OutputSpec;
import dev.strata.builder.api.PullPolicy;
import dev.strata.builder.api.SecretSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Turns the plugin's configuration into a build request. Relative paths in {@code <outputs>},
 * {@code <buildContexts>} and {@code <secrets>} are resolved against the project directory, not the directory Maven was
 * started from, so a module builds the same from the reactor root.
 */
final class RequestFactory {
    private RequestFactory() {}

    static BuildRequest.Builder create(PluginConfig config, Path basedir) throws InvalidParameterException {
        BuildRequest.Builder request = BuildRequest.builder(config.contextDirectory())
                .dockerfile(DockerfileSource.file(config.dockerfile()))
                .tags(config.tags())
                .buildArgs(config.buildArgs())
                .labels(config.labels())
                .noCache(config.noCache());
        config.target().ifPresent(request::target);
        config.platform().ifPresent(request::platform);
        config.root().ifPresent(request::root);
        if (config.sourceDateEpoch().isPresent()) {
            request.sourceDateEpoch(config.sourceDateEpoch().get());
        } else if (config.wallClockTime()) {
            request.wallClockTime();
        }
        for (String registry : config.insecureRegistries()) {
            request.insecureRegistry(registry);
        }
        if (config.compression().isPresent()) {
            request.compression(parse("compression", () -> Compression.parse(config.compression().get())));
        }
        for (String output : config.outputs()) {
            request.output(resolve(parse("outputs", () -> OutputSpec.parse(output)), basedir));
        }
        for (String context : config.buildContexts()) {
            request.buildContext(resolve(parse("buildContexts", () -> NamedContext.parse(context)), basedir));
        }
        if (config.pull().isPresent()) {
            request.pullPolicy(parse("pull", () -> PullPolicy.parse(config.pull().get())));
        }
        if (config.network().isPresent()) {
            String network = config.network().get();
            if (!network.equals("host") && !network.equals("none")) {
                throw new InvalidParameterException("<network>: \"" + network + "\" is not supported (host or none)");
            }
            request.network(network);
        }
        if (config.isolation().isPresent()) {
            String isolation = config.isolation().get();
            if (!List.of("auto", "oci", "userns", "chroot").contains(isolation)) {
                throw new InvalidParameterException("<isolation>: \"" + isolation + "\" is not supported (auto, oci, userns or chroot)");
            }
            request.isolation(isolation);
        }
        config.runtime().ifPresent(request::runtime);
        for (String secret : config.secrets()) {
            request.secret(resolve(parse("secrets", () -> SecretSpec.parse(secret)), basedir));
        }
        for (String cache : config.cacheFrom()) {
            request.cacheFrom(parse("cacheFrom", () -> CacheSpec.parse(cache)));
        }
        for (String cache : config.cacheTo()) {
            request.cacheTo(parse("cacheTo", () -> CacheSpec.parse(cache)));
        }
        return request;
    }

    private static OutputSpec resolve(OutputSpec spec, Path basedir) {
        // withDest keeps what else the output says (name= lists, push=true, a stream for dest=-)
        return spec.dest().filter(d -> !d.toString().equals("-")).map(d -> spec.withDest(basedir.resolve(d))).orElse(spec);
    }

    private static SecretSpec resolve(SecretSpec secret, Path basedir) {
        return new SecretSpec(secret.id(), secret.file().map(basedir::resolve), secret.env());
    }

    private static NamedContext resolve(NamedContext named, Path basedir) {
        NamedContext.Source source = named.source();
        if (source instanceof NamedContext.OciLayout layout) {
            source = new NamedContext.OciLayout(basedir.resolve(layout.layout()), layout.reference());
        } else if (source instanceof NamedContext.Directory directory) {
            source = new NamedContext.Directory(basedir.resolve(directory.path()));
        }
        return new NamedContext(named.name(), source);
    }

    private interface Parse<T> {
        T get();
    }

    private static <T> T parse(String parameter, Parse<T> parse) throws InvalidParameterException {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new InvalidParameterException("<" + parameter + ">: " + e.getMessage());
        }
    }
}
