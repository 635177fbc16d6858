package dev.strata.builder.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class MissReasonsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode doc(String json) throws Exception {
        return JSON.readTree(json.replace('\'', '"'));
    }

    @Test
    void aChangedCopySourceIsNamedByItsPath() throws Exception {
        JsonNode before = doc("{'parent':'sha256:1','instruction':'COPY src/ /app/','sources':["
                + "'file 644 0:0 sha256:aa \\\"src/Main.java\\\" -> \\\"/app/Main.java\\\"',"
                + "'file 644 0:0 sha256:bb \\\"src/Util.java\\\" -> \\\"/app/Util.java\\\"']}");
        JsonNode after = doc("{'parent':'sha256:1','instruction':'COPY src/ /app/','sources':["
                + "'file 644 0:0 sha256:cc \\\"src/Main.java\\\" -> \\\"/app/Main.java\\\"',"
                + "'file 644 0:0 sha256:bb \\\"src/Util.java\\\" -> \\\"/app/Util.java\\\"']}");
        assertEquals(List.of("COPY source src/Main.java changed"), MissReasons.of(before, after));
    }

    @Test
    void buildArgsAndEnvAreNamedAndTheParentComesLast() throws Exception {
        JsonNode before = doc("{'parent':'sha256:1','instruction':'RUN make','args':{'VERSION':'1','X':'a'},'env':{'PATH':'/bin'}}");
        JsonNode after = doc("{'parent':'sha256:2','instruction':'RUN make','args':{'VERSION':'2','X':'a'},'env':{'PATH':'/usr/bin','NEW':'1'}}");
        assertEquals(List.of("build arg VERSION changed", "ENV NEW changed", "ENV PATH changed", "previous step changed"),
                MissReasons.of(before, after));
    }

    @Test
    void anEditedInstructionSaysWhatItWas() throws Exception {
        JsonNode before = doc("{'instruction':'RUN make all','network':'HOST'}");
        JsonNode after = doc("{'instruction':'RUN make test','network':'NONE'}");
        assertEquals(List.of("instruction changed (was: RUN make all)", "network changed"), MissReasons.of(before, after));
    }

    @Test
    void equalDocumentsGiveNoReason() throws Exception {
        JsonNode same = doc("{'instruction':'COPY a b','sources':['x']}");
        assertEquals(List.of(), MissReasons.of(same, same));
    }
}
