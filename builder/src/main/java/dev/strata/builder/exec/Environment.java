package dev.strata.builder.exec;

import java.util.ArrayList;
import java.util.List;

/** The environment of a RUN command: the request's, plus Docker's defaults for PATH and HOME, plus env secrets. */
final class Environment {
    static final String DEFAULT_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private Environment() {}

    static List<String> of(List<String> env, UserResolver.ResolvedUser user, List<String> secretEnv) {
        List<String> result = new ArrayList<>(env);
        if (result.stream().noneMatch(e -> e.startsWith("PATH="))) {
            result.add(DEFAULT_PATH);
        }
        if (result.stream().noneMatch(e -> e.startsWith("HOME="))) {
            result.add("HOME=" + user.home());
        }
        result.addAll(secretEnv);
        return result;
    }
}
