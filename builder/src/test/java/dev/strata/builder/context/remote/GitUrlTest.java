package dev.strata.builder.context.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What counts as a git URL in a build context, and its {@code #ref:subdir}, as BuildKit reads them. */
class GitUrlTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "https://github.com/docker/rootfs.git#container:docker | https://github.com/docker/rootfs.git | container | docker",
        "https://host/repo.git                              | https://host/repo.git               | -         | -",
        "https://host/repo.git#mytag                        | https://host/repo.git               | mytag     | -",
        "https://host/repo.git#:myfolder                    | https://host/repo.git               | -         | myfolder",
        "https://host/repo.git#pull/42/head                 | https://host/repo.git               | pull/42/head | -",
        "http://host:8080/a/b.git#main:x/y                  | http://host:8080/a/b.git            | main      | x/y",
        "git://127.0.0.1:9418/repo.git#v1:sub               | git://127.0.0.1:9418/repo.git       | v1        | sub",
        "git://host/repo#abcdef0                            | git://host/repo                     | abcdef0   | -",
        "ssh://git@host/repo.git                            | ssh://git@host/repo.git             | -         | -",
        "git@github.com:moby/buildkit.git#v0.12.0           | git@github.com:moby/buildkit.git    | v0.12.0   | -",
        "github.com/moby/buildkit#master                    | https://github.com/moby/buildkit    | master    | -",
    })
    void gitUrls(String spec, String remote, String ref, String subdir) {
        GitUrl url = GitUrl.parse(spec).orElseThrow();
        assertEquals(remote, url.remote());
        assertEquals(Optional.ofNullable(ref), url.ref());
        assertEquals(Optional.ofNullable(subdir), url.subdir());
    }

    @ParameterizedTest
    @CsvSource({
        "https://host/context.tar.gz",       // a tarball URL: no .git
        "https://host/repo.git.tar",
        "http://host/Dockerfile",
        "./repo.git",
        "../repo.git",
        "repo.git",
        "/srv/repo.git",
        "file:///srv/repo.git",               // BuildKit takes no file:// repositories
        "ftp://host/repo.git",
        "host:path",                          // scp form needs a user
        "-oProxyCommand=x@host:repo",         // would reach ssh as an option
        "git://host/repo.git#--upload-pack=touch%20/tmp/x", // a ref git would read as an option
    })
    void notGitUrls(String spec) {
        assertEquals(Optional.empty(), GitUrl.parse(spec));
    }
}
