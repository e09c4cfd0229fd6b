package dev.tier0.bot;

/** An intent and the classifier's calibrated confidence in it, from 0 to 1. */
public record IntentScore(String intent, double confidence) {}
