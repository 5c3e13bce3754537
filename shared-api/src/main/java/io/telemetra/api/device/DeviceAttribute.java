package io.telemetra.api.device;

/** The optional descriptive attributes of a device, which an update may remove. */
public enum DeviceAttribute {
    SITE, LOCATION, METADATA
}
