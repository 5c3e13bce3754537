package io.telemetra.stack;

public final class LocalStack {
    public static void main(String[] args) {
    }
}
