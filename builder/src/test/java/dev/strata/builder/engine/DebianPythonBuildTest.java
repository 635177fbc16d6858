package dev.strata.builder.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.builder.api.BuildEvent;
import dev.strata.builder.api.NamedContext;
import dev.strata.builder.testing.Command;
import dev.strata.builder.testing.DebianBase;
import dev.strata.builder.testing.Tools;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clamped times must not break programs (issue 13): on a real Debian base (the cached debootstrap
 * fixture), {@code apt-get install python3} in a RUN step whose layer has every time clamped to
 * the default epoch 0. With SOURCE_DATE_EPOCH in the step's environment Python's postinst writes
 * hash-checked .pyc files, so none is stale in the image; and two builds from scratch give the
 * same digest. Opt-in (slow, needs Debian's mirror): {@code STRATA_SLOW_TESTS=1}.
 */
class DebianPythonBuildTest {
    private static final String DOCKERFILE = """
            FROM debian
            ENV DEBIAN_FRONTEND=noninteractive
            RUN apt-get update && apt-get install -y --no-install-recommends python3 \\
                && rm -rf /var/lib/apt/lists/* /var/log/apt /var/log/dpkg.log /var/log/alternatives.log \\
                    /var/cache/apt/*.bin /var/cache/ldconfig/aux-cache /var/cache/debconf/*-old
            RUN python3 /check-pyc.py && python3 -v -c 'import json, email.parser, http.client, asyncio' 2>&1 \\
                | grep -c 'bytecode is stale' | sed 's/^/stale on import: /'
            """;

    /** Checks every .pyc against its source as the import system would; prints one summary line. */
    private static final String CHECK = """
            import importlib.util, os, sys, glob
            checked = stale = hashed = 0
            for pyc in glob.glob('/usr/lib/python3*/**/__pycache__/*.pyc', recursive=True):
                name = os.path.basename(pyc).split('.')[0] + '.py'
                src = os.path.join(os.path.dirname(os.path.dirname(pyc)), name)
                if not os.path.exists(src):
                    continue
                data = open(pyc, 'rb').read(16)
                flags = int.from_bytes(data[4:8], 'little')
                checked += 1
                if flags & 1:
                    hashed += 1
                    ok = data[8:16] == importlib.util.source_hash(open(src, 'rb').read())
                else:
                    st = os.stat(src)
                    ok = int.from_bytes(data[8:12], 'little') == (int(st.st_mtime) & 0xFFFFFFFF) \\
                        and int.from_bytes(data[12:16], 'little') == (st.st_size & 0xFFFFFFFF)
                stale += not ok
            print(f'pyc checked {checked} hashed {hashed} stale {stale}')
            """;

    @TempDir
    Path tmp;

    @Test
    void pythonBytecodeIsFreshAndTheDigestReproducible() throws IOException {
        Assumptions.assumeTrue("1".equals(System.getenv("STRATA_SLOW_TESTS")), "opt-in: set STRATA_SLOW_TESTS=1");
        Tools.require("runc");
        NamedContext debian = NamedContext.parse("debian=oci-layout://" + DebianBase.layout() + ":bookworm");
        Path ctx = tmp.resolve("ctx");
        TestBuild.write(ctx, "Dockerfile", DOCKERFILE.replace("FROM debian\n", "FROM debian\nCOPY check-pyc.py /\n"));
        TestBuild.write(ctx, "check-pyc.py", CHECK);

        TestBuild first = TestBuild.run(ctx, tmp.resolve("store1"), b -> b.buildContext(debian).tag("py:1"));
        List<String> out = lines(first);
        String summary = out.stream().filter(l -> l.startsWith("pyc checked")).findFirst().orElseThrow();
        System.out.println("python3 on debian: " + summary + "; " + out.stream().filter(l -> l.startsWith("stale on import")).toList());
        assertTrue(summary.endsWith(" stale 0") && !summary.startsWith("pyc checked 0 "), summary);
        assertTrue(out.contains("stale on import: 0"), out.toString());

        TestBuild second = TestBuild.run(ctx, tmp.resolve("store2"), b -> b.buildContext(debian).tag("py:1"));
        if (!first.result.manifestDigest().equals(second.result.manifestDigest())) {
            Path a = TestBuild.unpack(tmp.resolve("store1"), "py:1", tmp.resolve("a"));
            Path b = TestBuild.unpack(tmp.resolve("store2"), "py:1", tmp.resolve("b"));
            String differ = Command.run("sh", "-c", "diff -rq --no-dereference " + a + " " + b + " | head -20").output();
            assertEquals(first.result.manifestDigest(), second.result.manifestDigest(), "files that differ:\n" + differ);
        }
    }

    private static List<String> lines(TestBuild build) {
        synchronized (build.events) {
            return build.events.stream().filter(e -> e instanceof BuildEvent.LogLine)
                    .map(e -> ((BuildEvent.LogLine) e).line()).toList();
        }
    }
}
