package dev.strata.maven;

import java.util.ArrayList;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
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

    /** Every {@code strata.*} property the plugin or the builder reads. */
    static final Set<String> KNOWN = Set.of(
            "dockerfile", "contextDirectory", "tags", "buildArgs", "target", "labels", "platform", "outputs",
            "buildContexts", "noCache", "insecureRegistries", "cacheFrom", "cacheTo", "root", "compression",
            "sourceDateEpoch", "pull", "secrets", "network", "isolation", "runtime", "skip", "allowInsecureCredentials", "progress",
            "platforms", "contextOutput", "sbom", "sbomFile",
            // read by the builder itself
            "stallTimeout",
            // set by strata:build for later plugins; a user may pass it on
            "image.digest", "image.id");

    /**
     * One warning per {@code strata.*} user property no parameter reads, with the nearest known
     * name: a typo such as {@code -Dstrata.tag=app:1} would otherwise be ignored without a word.
     */
    List<String> unknown() {
        Set<String> names = new TreeSet<>();
        for (String key : userProperties.stringPropertyNames()) {
            if (key.startsWith("strata.") && !KNOWN.contains(key.substring("strata.".length()))) {
                names.add(key.substring("strata.".length()));
            }
        }
        List<String> warnings = new ArrayList<>();
        for (String name : names) {
            String nearest = null;
            int best = Integer.MAX_VALUE;
            for (String known : new TreeSet<>(KNOWN)) {
                int d = distance(name.toLowerCase(Locale.ROOT), known.toLowerCase(Locale.ROOT));
                if (d < best) {
                    best = d;
                    nearest = known;
                }
            }
            boolean close = best <= Math.max(2, name.length() / 3);
            warnings.add("Unknown property strata." + name + " is ignored"
                    + (close ? " (did you mean strata." + nearest + "?)" : ""));
        }
        return warnings;
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
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
