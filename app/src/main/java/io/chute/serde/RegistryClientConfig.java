package io.chute.serde;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.chute.retry.Backoff;
import io.chute.retry.RetryPolicy;
import io.chute.retry.Time;

/**
 * Settings of {@link HttpSchemaRegistryClient}. Build with {@link #builder(String)}.
 *
 * <p>Authentication: basic ({@link Builder#basicAuth} or user-info in the URL, {@code http://user:pass@host:8081})
 * or a bearer token; not both. TLS uses the JVM's default {@code SSLContext}, i.e. the standard
 * {@code javax.net.ssl.*} system properties.
 *
 * @param baseUrls one or more registry URLs; retries rotate through them
 * @param negativeCacheTtl how long an id answered "not found" is not asked again (short: ids may appear later)
 */
public record RegistryClientConfig(List<URI> baseUrls, String basicUserInfo, String bearerToken,
                                   Duration connectTimeout, Duration requestTimeout, RetryPolicy retry,
                                   int cacheSize, Duration negativeCacheTtl, Time time) {
    /** 5 attempts, 100 ms doubling up to 2 s, each delay jittered to [1/2, 1] of that. */
    public static final RetryPolicy DEFAULT_RETRY = new RetryPolicy(new Backoff(100, 2_000, Backoff.Jitter.HALF), 5);

    public RegistryClientConfig {
        if (baseUrls.isEmpty()) {
            throw new IllegalArgumentException("at least one registry URL is required");
        }
        if (basicUserInfo != null && bearerToken != null) {
            throw new IllegalArgumentException("choose basic auth or a bearer token, not both");
        }
        baseUrls = List.copyOf(baseUrls);
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(retry, "retry");
        if (retry.maxAttempts() < 1) {
            throw new IllegalArgumentException("a registry call needs a bounded number of attempts (>= 1)");
        }
        Objects.requireNonNull(negativeCacheTtl, "negativeCacheTtl");
        Objects.requireNonNull(time, "time");
    }

    /** A builder for one or more comma-separated URLs; user-info in a URL becomes basic auth and is stripped. */
    public static Builder builder(String urls) {
        return new Builder(urls);
    }

    /** Mutable builder with defaults: 5 s connect, 10 s request, {@link #DEFAULT_RETRY}, 10,000 ids, 5 s. */
    public static final class Builder {
        private final List<URI> urls;
        private String userInfo;
        private String token;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration requestTimeout = Duration.ofSeconds(10);
        private RetryPolicy retry = DEFAULT_RETRY;
        private int cacheSize = 10_000;
        private Duration negativeTtl = Duration.ofSeconds(5);
        private Time time = Time.SYSTEM;

        private Builder(String urls) {
            this.urls = new ArrayList<>();
            for (String raw : urls.split(",")) {
                URI uri = URI.create(raw.trim());
                if (uri.getRawUserInfo() != null) {
                    userInfo = URLDecoder.decode(uri.getRawUserInfo(), StandardCharsets.UTF_8);
                    uri = URI.create(uri.getScheme() + "://" + uri.getRawAuthority().substring(
                            uri.getRawAuthority().indexOf('@') + 1) + (uri.getRawPath() == null ? "" : uri.getRawPath()));
                }
                this.urls.add(uri);
            }
        }

        /** Basic auth as {@code user:password}. */
        public Builder basicAuth(String userColonPassword) {
            this.userInfo = userColonPassword;
            return this;
        }

        public Builder bearerToken(String bearerToken) {
            this.token = bearerToken;
            return this;
        }

        public Builder connectTimeout(Duration value) {
            this.connectTimeout = value;
            return this;
        }

        public Builder requestTimeout(Duration value) {
            this.requestTimeout = value;
            return this;
        }

        public Builder retry(RetryPolicy value) {
            this.retry = value;
            return this;
        }

        public Builder cacheSize(int value) {
            this.cacheSize = value;
            return this;
        }

        public Builder negativeCacheTtl(Duration value) {
            this.negativeTtl = value;
            return this;
        }

        /** For tests: replaces {@link Thread#sleep} between retries. */
        public Builder time(Time value) {
            this.time = value;
            return this;
        }

        public RegistryClientConfig build() {
            return new RegistryClientConfig(urls, userInfo, token, connectTimeout, requestTimeout, retry, cacheSize,
                    negativeTtl, time);
        }
    }
}
