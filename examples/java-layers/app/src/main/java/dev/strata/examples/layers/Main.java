package dev.strata.examples.layers;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.examples.layers.greeting.Greeting;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Properties;

/** Prints a greeting as JSON: a class, a resource, a release and a snapshot dependency. */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = Main.class.getResourceAsStream("/app.properties")) {
            properties.load(in);
        }
        String message = Greeting.to(properties.getProperty("name"));
        System.out.println(new ObjectMapper().writeValueAsString(Map.of("message", message)));
    }
}
