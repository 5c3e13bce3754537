package io.telemetra.projection.rebuild;

class RebuildNotFoundException extends RuntimeException {

    RebuildNotFoundException(String rebuildId) {
        super("no rebuild " + rebuildId + " on this instance");
    }
}
