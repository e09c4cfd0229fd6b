package dev.tier0.app.api;

/** The error body of CONTRACT.md section 2: a stable code and a sentence a person understands. */
public record ApiError(String error, String message) {}
