/**
 * JSON trees read and written with Jackson's streaming parser and generator alone. A cached
 * rebuild reads and writes a few small documents; building a databind {@code ObjectMapper} and
 * introspecting records for them cost more CPU than the rest of such a build.
 */
package dev.strata.builder.json;
