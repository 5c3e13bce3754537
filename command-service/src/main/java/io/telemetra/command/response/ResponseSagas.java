package io.telemetra.command.response;

/** The processing group of both sagas: one pooled streaming processor, tokens in {@code token_entry}. */
final class ResponseSagas {

    static final String PROCESSING_GROUP = "response-sagas";

    private ResponseSagas() {
    }
}
