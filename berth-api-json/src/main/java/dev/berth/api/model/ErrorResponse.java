package dev.berth.api.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The body of every error answer: {@code {"message":"..."}}, lower case as Docker writes it. */
public record ErrorResponse(@JsonProperty("message") String message) {}
