/**
 * Registries: image references, pulling base images into the local blob store, pushing results,
 * credentials, insecure registries, retries. The only package that uses jib-core (its
 * {@code RegistryClient}, {@code FailoverHttpClient} and credential retrievers are the transport
 * and auth); image JSON stays in Strata's own model and manifests travel as exact bytes.
 */
package dev.strata.builder.registry;
