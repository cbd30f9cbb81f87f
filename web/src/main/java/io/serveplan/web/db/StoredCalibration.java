package io.serveplan.web.db;

import java.time.OffsetDateTime;

/** A calibration profile uploaded to the server; {@code profileJson} is the profile as uploaded. */
public record StoredCalibration(
    String id, String backend, String hardware, String model, String profileJson, OffsetDateTime createdAt) {}
