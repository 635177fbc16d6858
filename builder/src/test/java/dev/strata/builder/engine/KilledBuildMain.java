package dev.strata.builder.engine;

import dev.strata.builder.api.BuildEvent;
import dev.strata.builder.api.BuildRequest;
import dev.strata.builder.api.Builder;
import dev.strata.builder.api.NamedContext;
import dev.strata.builder.api.SecretSpec;
import java.nio.file.Path;

/** Child process for {@link KilledBuildTest}: a build whose RUN has two secrets and sleeps until the test kills it. */
public final class KilledBuildMain {
    private KilledBuildMain() {}

    /** Arguments: context, store root, busybox layout, secret file. */
    public static void main(String[] args) {
        BuildRequest request = BuildRequest.builder(Path.of(args[0]))
                .root(Path.of(args[1]))
                .buildContext(NamedContext.parse("base=oci-layout://" + args[2] + ":1.0"))
                .secret(SecretSpec.parse("id=file,src=" + args[3]))
                .secret(SecretSpec.parse("id=env,src=" + args[3]))
                .listener(event -> {
                    if (event instanceof BuildEvent.LogLine line) {
                        System.out.println(line.line());
                        System.out.flush();
                    }
                })
                .build();
        Builder.create().build(request);
    }
}
