package dev.strata.builder.exec;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Child process for {@link InterruptedRunTest}: starts a long RUN with a secret and waits to be stopped. */
public final class InterruptedRunMain {
    private InterruptedRunMain() {}

    public static void main(String[] args) throws Exception {
        Path store = Path.of(args[0]);
        Path base = Path.of(args[1]);
        String secret = args[2];
        MountSources sources = new MountSources() {
            @Override
            public BindSource bindSource(String from, String source) {
                throw new IllegalStateException("no binds");
            }

            @Override
            public Optional<byte[]> secret(String id) {
                return Optional.of(secret.getBytes(StandardCharsets.UTF_8));
            }
        };
        RunRequest request = RunRequest.of(List.of("/bin/sh", "-c", "echo started; sleep 60"), List.of(), "/", "")
                .withMounts(List.of(MountSpec.parse("type=secret,id=s"), MountSpec.parse("type=cache,target=/c,sharing=locked")), sources);
        RunExecutor executor = new RunExecutor(ExecOptions.of(store));
        executor.run(List.of(base), request, line -> {
            System.out.println(line);
            System.out.flush();
        });
    }
}
