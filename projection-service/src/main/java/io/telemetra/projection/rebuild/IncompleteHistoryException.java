package io.telemetra.projection.rebuild;

import java.util.List;

/** The rebuilt read model lacks devices the live one has: the topic no longer holds their whole history. */
class IncompleteHistoryException extends RuntimeException {

    IncompleteHistoryException(int devices, List<String> examples) {
        super("the rebuilt read models lack the history of " + devices + " device(s) the live ones have, e.g. "
                + examples + ": telemetra.device-events no longer holds all of it (retention, a recreated topic)."
                + " The live read models are kept; re-publish the history from the event store"
                + " (POST /api/admin/republish on command-service) and rebuild again");
    }
}
