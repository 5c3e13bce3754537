package io.telemetra.testsupport;

import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;

/** A request entity carrying a bearer token, for {@code TestRestTemplate.exchange}. */
public final class Bearer {

    private Bearer() {
    }

    public static HttpEntity<Void> bearer(String token) {
        return new HttpEntity<>(headers(token));
    }

    public static <T> HttpEntity<T> bearer(String token, T body) {
        return new HttpEntity<>(body, headers(token));
    }

    private static HttpHeaders headers(String token) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(token);
        return headers;
    }
}
