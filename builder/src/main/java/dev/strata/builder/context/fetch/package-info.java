/** ADD's URL sources: downloads over HTTP(S) with java.net.http, digested while written. */
package dev.strata.builder.context.fetch;
