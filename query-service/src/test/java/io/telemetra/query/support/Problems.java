package io.telemetra.query.support;

import com.jayway.jsonpath.JsonPath;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

/** What every refused query parameter answers: a 400 problem that names it. */
public final class Problems {

    private Problems() {
    }

    public static void assertValidationProblem(ResponseEntity<String> response, String field) {
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(JsonPath.<String>read(response.getBody(), "$.code")).isEqualTo("VALIDATION_FAILED");
        assertThat(JsonPath.<String>read(response.getBody(), "$.field")).isEqualTo(field);
    }
}
