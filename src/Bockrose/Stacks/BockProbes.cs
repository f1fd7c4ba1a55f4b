using System.Collections.Immutable;
using System.Globalization;
using Bockrose.Compose;
using Bockrose.Compose.Model;
using Bockrose.Compose.Normalization;

namespace Bockrose.Stacks;

/// <summary>What a probe checks, inside the container's network namespace: a TCP connect, or an HTTP GET answered 2xx/3xx.</summary>
public sealed record ProbeTarget(int Port, string? HttpPath);

/// <summary>One probe of <c>x-bock-probes</c>: consecutive failures up to the threshold change its verdict.</summary>
public sealed record Probe(ProbeTarget Target, TimeSpan Interval, TimeSpan Timeout, int FailureThreshold, TimeSpan InitialDelay);

/// <summary>
/// <c>x-bock-probes</c>, Bock's compose extension: probes bockd runs itself, needing nothing in the image.
/// <c>liveness</c> failing <c>failure_threshold</c> times in a row restarts the replica; <c>readiness</c> decides
/// whether a replica is ready, which is what <c>service_healthy</c> and <c>--wait</c> wait for when it is set.
/// <code>
/// x-bock-probes:
///   liveness:  { tcp: { port: 8080 }, interval: 2s, timeout: 1s, failure_threshold: 3, initial_delay: 0s }
///   readiness: { http: { port: 8080, path: /ready }, interval: 1s }
/// </code>
/// </summary>
public sealed record BockProbes(Probe? Liveness, Probe? Readiness)
{
    public const string Key = "x-bock-probes";

    public static readonly BockProbes None = new(null, null);

    /// <summary>The service's probes; a malformed extension is a <see cref="ComposeException"/> naming the key.</summary>
    public static BockProbes Of(Service service)
    {
        if (!service.Extensions.TryGetValue(Key, out var value) || value is null) return None;
        var where = $"services.{service.Name}.{Key}";
        var map = Map(value, where);
        foreach (var key in map.Keys)
            if (key is not ("liveness" or "readiness"))
                throw new ComposeException(null, $"{where}: unknown probe \"{key}\" (liveness, readiness)");
        return new BockProbes(
            map.TryGetValue("liveness", out var l) ? Parse(l, $"{where}.liveness") : null,
            map.TryGetValue("readiness", out var r) ? Parse(r, $"{where}.readiness") : null);
    }

    private static Probe Parse(object? value, string where)
    {
        var map = Map(value, where);
        foreach (var key in map.Keys)
            if (key is not ("tcp" or "http" or "interval" or "timeout" or "failure_threshold" or "initial_delay"))
                throw new ComposeException(null, $"{where}: unknown key \"{key}\" (tcp, http, interval, timeout, failure_threshold, initial_delay)");
        ProbeTarget target = (map.ContainsKey("tcp"), map.ContainsKey("http")) switch
        {
            (true, false) => new ProbeTarget(Port(Map(map["tcp"], $"{where}.tcp"), $"{where}.tcp"), null),
            (false, true) => Http(Map(map["http"], $"{where}.http"), $"{where}.http"),
            _ => throw new ComposeException(null, $"{where}: exactly one of tcp or http is required"),
        };
        var threshold = map.TryGetValue("failure_threshold", out var t) ? (int)Number(t, $"{where}.failure_threshold") : 3;
        if (threshold < 1) throw new ComposeException(null, $"{where}.failure_threshold: must be at least 1");
        return new Probe(target, Duration(map, "interval", where, TimeSpan.FromSeconds(5)), Duration(map, "timeout", where, TimeSpan.FromSeconds(1)),
            threshold, Duration(map, "initial_delay", where, TimeSpan.Zero));
    }

    private static ProbeTarget Http(IReadOnlyDictionary<string, object?> map, string where)
    {
        var path = map.TryGetValue("path", out var p) ? p as string ?? throw new ComposeException(null, $"{where}.path: must be a string") : "/";
        if (!path.StartsWith('/')) throw new ComposeException(null, $"{where}.path: must start with /");
        return new ProbeTarget(Port(map, where), path);
    }

    private static int Port(IReadOnlyDictionary<string, object?> map, string where) =>
        map.TryGetValue("port", out var p) && Number(p, $"{where}.port") is var n and >= 1 and <= 65535
            ? (int)n
            : throw new ComposeException(null, $"{where}.port: a port from 1 to 65535 is required");

    private static TimeSpan Duration(IReadOnlyDictionary<string, object?> map, string key, string where, TimeSpan fallback)
    {
        if (!map.TryGetValue(key, out var value)) return fallback;
        if (value is string text && GoDuration.TryParse(text, out var duration) && duration >= TimeSpan.Zero) return duration;
        throw new ComposeException(null, $"{where}.{key}: a duration such as 2s or 500ms is required");
    }

    private static long Number(object? value, string where) => value switch
    {
        long n => n,
        int n => n,
        string s when long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n) => n,
        _ => throw new ComposeException(null, $"{where}: a number is required"),
    };

    private static IReadOnlyDictionary<string, object?> Map(object? value, string where) => value switch
    {
        ImmutableSortedDictionary<string, object?> map => map,
        IReadOnlyDictionary<string, object?> map => map,
        _ => throw new ComposeException(null, $"{where}: a mapping is required"),
    };
}
