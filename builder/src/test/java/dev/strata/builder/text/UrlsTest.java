package dev.strata.builder.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UrlsTest {

    /** BuildKit's own cases (util/urlutil), plus ports, queries and '@' outside the authority. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "https://user:password@host.tld/this:that     | https://xxxxx:xxxxx@host.tld/this:that",
        "https://user@host.tld/this:that              | https://xxxxx@host.tld/this:that",
        "https://:password@host.tld/this:that         | https://:xxxxx@host.tld/this:that",
        "https://host.tld/this:that                   | https://host.tld/this:that",
        "1https://foo.com                             | 1https://foo.com",
        "http://alice:pa%40ss@127.0.0.1:8080/x?y=1    | http://xxxxx:xxxxx@127.0.0.1:8080/x?y=1",
        "http://host/path@version                     | http://host/path@version",
        "http://host?mail=a@b                         | http://host?mail=a@b",
        "not a url                                    | not a url",
    })
    void redactsUserInfoAsBuildKit(String url, String expected) {
        assertEquals(expected, Urls.redact(url));
    }

    @Test
    void redactsEveryUrlInFreeText() {
        assertEquals("ADD http://xxxxx:xxxxx@a/x and https://xxxxx@b:1/y, mail me@home",
                Urls.redactAll("ADD http://alice:s3cret@a/x and https://bob@b:1/y, mail me@home"));
    }

    @Test
    void userInfoCanBeTakenOut() {
        assertEquals("http://host:1/x", Urls.withoutUserInfo("http://alice:pw@host:1/x"));
        assertEquals("alice:pw", Urls.userInfoOf("http://alice:pw@host:1/x"));
        assertNull(Urls.userInfoOf("http://host:1/x@y"));
    }
}
