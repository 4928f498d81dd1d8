package dev.berth.daemon.scan;

/**
 * One advisory about one package in one ecosystem, as stored: {@code kind} says how {@code data}
 * (JSON) is read — {@code osv} ({@code [{ranges, versions}]}), {@code debian} (the security
 * tracker's {@code {status, fixed_version, urgency, nodsa}}) or {@code secdb} ({@code {fixed}}).
 */
public record Advisory(String kind, String id, String ecosystem, String pkg, String aliases, String severity,
    String summary, String data) {}
