package dev.strata.maven;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The {@code strata.*} user properties given on the command line ({@code -Dstrata.tags=a,b}).
 * Unlike Maven's own {@code @Parameter(property=...)}, which only fills a parameter the POM leaves
 * unset, these win over the POM's {@code <configuration>}, as jib-maven-plugin's {@code jib.*}
 * properties do: a one-off command line should not need a POM edit.
 */
final class StrataProperties {
    private final Properties userProperties;
    private final Properties systemProperties;

    StrataProperties(Properties userProperties, Properties systemProperties) {
        this.userProperties = userProperties;
        this.systemProperties = systemProperties;
    }

    /** The raw value of {@code strata.NAME}, from the user properties, then the system properties. */
    Optional<String> get(String name) {
        String key = "strata." + name;
        String value = userProperties.getProperty(key);
        if (value == null) {
            value = systemProperties.getProperty(key);
        }
        return Optional.ofNullable(value);
    }

    String string(String name, String configured) {
        return get(name).orElse(configured);
    }

    boolean flag(String name, boolean configured) {
        // "-Dstrata.skip" alone sets the property to "true"; an empty value also means true.
        return get(name).map(v -> v.isBlank() || Boolean.parseBoolean(v.trim())).orElse(configured);
    }

    List<String> list(String name, List<String> configured) {
        Optional<String> value = get(name);
        if (value.isEmpty()) {
            return configured == null ? List.of() : List.copyOf(configured);
        }
        return splitList(value.get());
    }

    /**
     * A list of specs that contain commas themselves ({@code type=oci,dest=image.tar}): one spec,
     * or several separated by semicolons.
     */
    List<String> specs(String name, List<String> configured) {
        Optional<String> value = get(name);
        if (value.isEmpty()) {
            return configured == null ? List.of() : List.copyOf(configured);
        }
        List<String> items = new ArrayList<>();
        for (String item : value.get().split(";")) {
            if (!item.isBlank()) {
                items.add(item.trim());
            }
        }
        return List.copyOf(items);
    }

    Map<String, String> map(String name, Map<String, String> configured) throws InvalidParameterException {
        Optional<String> value = get(name);
        if (value.isEmpty()) {
            return new LinkedHashMap<>(configured);
        }
        Map<String, String> result = new LinkedHashMap<>();
        for (String entry : splitList(value.get())) {
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new InvalidParameterException("-Dstrata." + name + ": \"" + entry
                        + "\" is not KEY=VALUE (separate entries with commas: -Dstrata." + name + "=A=1,B=2)");
            }
            result.put(entry.substring(0, eq).trim(), entry.substring(eq + 1));
        }
        return result;
    }

    /** Comma-separated, each item trimmed, empty items dropped (as Maven splits list properties). */
    static List<String> splitList(String value) {
        List<String> items = new ArrayList<>();
        for (String item : value.split(",")) {
            if (!item.isBlank()) {
                items.add(item.trim());
            }
        }
        return List.copyOf(items);
    }
}
