package dev.strata.builder.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.builder.exec.MountSpec.Sharing;
import dev.strata.builder.exec.MountSpec.Type;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MountSpecTest {
    @Test
    void cacheDefaultsItsIdToTheTargetAndIsWritable() {
        MountSpec spec = MountSpec.parse("type=cache,target=/root/.cache,sharing=locked,mode=0700,uid=1000");
        assertEquals(Type.CACHE, spec.type());
        assertEquals("/root/.cache", spec.id());
        assertEquals(Sharing.LOCKED, spec.sharing());
        assertEquals(0700, spec.mode());
        assertEquals(1000, spec.uid());
        assertEquals(-1, spec.gid());
        assertTrue(spec.readWrite());
    }

    @Test
    void bindIsTheDefaultTypeAndReadOnlyUnlessRw() {
        MountSpec spec = MountSpec.parse("source=src,target=/src,from=builder");
        assertEquals(Type.BIND, spec.type());
        assertEquals("src", spec.source());
        assertEquals("builder", spec.from());
        assertFalse(spec.readWrite());
        assertTrue(MountSpec.parse("type=bind,target=/x,rw").readWrite());
        assertTrue(MountSpec.parse("type=bind,dst=x,readwrite=true").readWrite());
        assertEquals("/x", MountSpec.parse("type=bind,dst=x").target());
    }

    @Test
    void secretDefaultsToRunSecretsId() {
        MountSpec spec = MountSpec.parse("type=secret,id=token");
        assertEquals("/run/secrets/token", spec.target());
        assertFalse(spec.readWrite());
        assertEquals("key", MountSpec.parse("type=secret,target=/etc/key,required").id());
        assertTrue(MountSpec.parse("type=secret,target=/etc/key,required").required());
        MountSpec env = MountSpec.parse("type=secret,id=aws,env=AWS_KEY");
        assertEquals("AWS_KEY", env.env());
        assertEquals("", env.target());
    }

    @Test
    void sshDefaultsItsIdAndLeavesTheTargetToTheStep() {
        MountSpec spec = MountSpec.parse("type=ssh");
        assertEquals(Type.SSH, spec.type());
        assertEquals("default", spec.id());
        assertEquals("", spec.target(), "the step numbers it /run/buildkit/ssh_agent.N");
        assertFalse(spec.required());
        MountSpec full = MountSpec.parse("type=ssh,id=deploy,target=/root/agent,required,mode=0660,uid=1000,gid=1000");
        assertEquals("deploy", full.id());
        assertEquals("/root/agent", full.target());
        assertTrue(full.required());
        assertEquals(0660, full.mode());
        assertEquals(1000, full.uid());
    }

    @Test
    void tmpfsSize() {
        assertEquals(64L << 20, MountSpec.parse("type=tmpfs,target=/t,size=64m").size());
        assertEquals(1000, MountSpec.parse("type=tmpfs,target=/t,size=1000").size());
    }

    @Test
    void quotedFields() {
        assertEquals("/a,b", MountSpec.parse("type=cache,\"target=/a,b\"").target());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "type=ssh,source=/x | ssh does not support source or from in --mount",
        "type=nfs,target=/x | unsupported mount type \"nfs\" (use bind, cache, tmpfs, secret or ssh)",
        "type=cache | --mount type=cache needs target=",
        "type=cache,target=/x,sharing=maybe | unsupported sharing value \"maybe\" in --mount (use shared, private or locked)",
        "type=cache,target=/x,color=red | unexpected key 'color' in 'color=red' of --mount",
        "type=cache,target=/x,mode=999 | invalid mode \"999\" in --mount: must be octal, e.g. 0644",
        "type=cache,target=/x,uid=me | invalid uid \"me\" in --mount: must be a number",
        "type=tmpfs,target=/x,size=big | invalid size \"big\" in --mount (e.g. 64m)",
        "type=secret | --mount type=secret needs id= or target=",
        "type=secret,id=a,rw | --mount type=secret cannot be read-write",
        "type=cache,target | invalid field 'target' in --mount: must be a key=value pair",
        "type=bind,target=/x,ro=maybe | invalid value for ro in --mount: \"maybe\"",
        "type=cache,target=/x,from=img | --mount type=cache,from= is not supported by Strata yet",
    })
    void clearErrors(String value, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MountSpec.parse(value));
        assertEquals(message, e.getMessage());
    }
}
