package dev.strata.builder.registry;

import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.http.Authorization;
import com.google.cloud.tools.jib.http.FailoverHttpClient;
import com.google.cloud.tools.jib.registry.RegistryClient;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The two jib-core 0.28.1 internals Strata relies on, reached by reflection (jib-core is pinned
 * exactly; a version bump that moves them fails here, loudly, at class initialisation):
 * <ul>
 *   <li>{@code RegistryClient.authorization}: the credentials or bearer token jib negotiated, so a
 *       manifest can be fetched as exact bytes (jib's manifest puller only returns re-parsed
 *       templates, which lose fields and change the digest);</li>
 *   <li>the package-private {@code FailoverHttpClient(boolean, boolean, Consumer, boolean
 *       enableRetry)} constructor: the public one retries I/O errors with an exponential backoff
 *       for up to 15 minutes, which turns a stopped registry into a hang. {@link Attempts} retries
 *       instead.</li>
 * </ul>
 */
final class JibAccess {
    private JibAccess() {}

    private static final Field AUTHORIZATION;
    private static final Constructor<FailoverHttpClient> CLIENT;

    static {
        try {
            AUTHORIZATION = RegistryClient.class.getDeclaredField("authorization");
            AUTHORIZATION.setAccessible(true);
            CLIENT = FailoverHttpClient.class.getDeclaredConstructor(boolean.class, boolean.class, Consumer.class, boolean.class);
            CLIENT.setAccessible(true);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError("jib-core internals changed (expected 0.28.1): " + e);
        }
    }

    /** The authorization {@code client} currently sends, or null when it sends none. */
    static Authorization authorization(RegistryClient client) {
        try {
            @SuppressWarnings("unchecked")
            AtomicReference<Authorization> ref = (AtomicReference<Authorization>) AUTHORIZATION.get(client);
            return ref.get();
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read jib's RegistryClient.authorization", e);
        }
    }

    /**
     * A jib HTTP client without jib's own retries. With {@code insecure}, HTTPS falls back to
     * unverified HTTPS and then to HTTP; credentials are sent over that HTTP only with
     * {@code credentialsOverHttp} (without, jib drops them and a registry that wants them fails
     * with {@code RegistryCredentialsNotSentException}).
     */
    static FailoverHttpClient httpClient(boolean insecure, boolean credentialsOverHttp) {
        Consumer<LogEvent> ignore = event -> { };
        try {
            return CLIENT.newInstance(insecure, credentialsOverHttp, ignore, false);
        } catch (InstantiationException | IllegalAccessException e) {
            throw new IllegalStateException("cannot create jib's FailoverHttpClient", e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("cannot create jib's FailoverHttpClient", e.getCause());
        }
    }
}
