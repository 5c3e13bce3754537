package io.telemetra.query.support;

import io.telemetra.testsupport.TestTokens;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Lazy;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;

import static io.telemetra.testsupport.Bearer.bearer;

/** GET requests to the running service with a bearer token: an operator's unless another is given. */
@TestComponent
public class Api {

    private final TestRestTemplate http;

    Api(@Lazy TestRestTemplate http) {
        this.http = http;
    }

    public ResponseEntity<String> get(String path, Object... variables) {
        return getAs(TestTokens.operator(), path, variables);
    }

    public ResponseEntity<String> getAs(String token, String path, Object... variables) {
        return http.exchange(path, HttpMethod.GET, bearer(token), String.class, variables);
    }
}
