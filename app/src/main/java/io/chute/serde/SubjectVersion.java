package io.chute.serde;

/** One (subject, version) pair under which a schema id is registered. */
public record SubjectVersion(String subject, int version) {
}
