package dev.berth.api.model;

/** The body of every error answer: {@code {"message":"..."}}. */
public record ErrorResponse(String message) {}
