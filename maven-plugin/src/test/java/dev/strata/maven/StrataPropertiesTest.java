package dev.strata.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class StrataPropertiesTest {

    private static StrataProperties user(String... keyValues) {
        Properties user = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            user.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return new StrataProperties(user, new Properties());
    }

    @Test
    void aUserPropertyWinsOverThePom() throws Exception {
        StrataProperties p = user("strata.tags", "app:1, app:latest", "strata.target", "runtime",
                "strata.buildArgs", "A=1,B=x=y", "strata.noCache", "true");
        assertEquals(List.of("app:1", "app:latest"), p.list("tags", List.of("pom:1")));
        assertEquals("runtime", p.string("target", "build"));
        assertEquals(Map.of("A", "1", "B", "x=y"), p.map("buildArgs", Map.of("C", "3")));
        assertTrue(p.flag("noCache", false));
    }

    @Test
    void withoutAPropertyThePomValueStays() throws Exception {
        StrataProperties p = user();
        assertEquals(List.of("pom:1"), p.list("tags", List.of("pom:1")));
        assertEquals(List.of(), p.list("tags", null));
        assertEquals("build", p.string("target", "build"));
        assertEquals(Map.of("C", "3"), p.map("buildArgs", Map.of("C", "3")));
        assertTrue(p.flag("skip", true));
    }

    @Test
    void aBareFlagMeansTrue() {
        // mvn -Dstrata.skip sets the property to "true"; an empty value counts too.
        assertTrue(user("strata.skip", "true").flag("skip", false));
        assertTrue(user("strata.skip", "").flag("skip", false));
        assertFalse(user("strata.skip", "false").flag("skip", true));
    }

    @Test
    void anEmptyListPropertyClearsThePomList() {
        assertEquals(List.of(), user("strata.outputs", "").specs("outputs", List.of("type=oci,dest=x.tar")));
    }

    @Test
    void specsKeepTheirCommasAndAreSeparatedBySemicolons() {
        assertEquals(List.of("type=oci,dest=a.tar", "type=docker,dest=b.tar"),
                user("strata.outputs", "type=oci,dest=a.tar; type=docker,dest=b.tar").specs("outputs", null));
        assertEquals(List.of("type=oci,dest=x.tar"), user().specs("outputs", List.of("type=oci,dest=x.tar")));
    }

    @Test
    void systemPropertiesCountWhenNoUserPropertyIsSet() {
        Properties system = new Properties();
        system.setProperty("strata.platform", "linux/arm64");
        assertEquals("linux/arm64", new StrataProperties(new Properties(), system).string("platform", null));
    }

    @Test
    void aMapEntryWithoutEqualsIsAnErrorNamingTheProperty() {
        InvalidParameterException e = assertThrows(InvalidParameterException.class,
                () -> user("strata.labels", "a=1,oops").map("labels", Map.of()));
        assertEquals("-Dstrata.labels: \"oops\" is not KEY=VALUE (separate entries with commas:"
                + " -Dstrata.labels=A=1,B=2)", e.getMessage());
    }

    @Test
    void aMistypedPropertyWarnsWithTheNearestName() {
        StrataProperties p = user("strata.tag", "app:1", "strata.nocache", "true", "strata.tags", "app:2",
                "strata.zzzzzzzz", "1", "other.thing", "x");
        assertEquals(List.of(
                "Unknown property strata.nocache is ignored (did you mean strata.noCache?)",
                "Unknown property strata.tag is ignored (did you mean strata.tags?)",
                "Unknown property strata.zzzzzzzz is ignored"), p.unknown());
    }

    @Test
    void knownPropertiesDoNotWarn() {
        assertEquals(List.of(), user("strata.stallTimeout", "5", "strata.skip", "", "strata.pull", "never").unknown());
    }
}
