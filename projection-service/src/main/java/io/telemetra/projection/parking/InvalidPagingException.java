package io.telemetra.projection.parking;

class InvalidPagingException extends RuntimeException {

    private final String parameter;

    InvalidPagingException(String parameter, String message) {
        super(message);
        this.parameter = parameter;
    }

    String parameter() {
        return parameter;
    }
}
