namespace Bock.Actors.Containers;

/// <summary>
/// Docker's restart policy: <c>no</c>, <c>on-failure[:N]</c>, <c>always</c>, <c>unless-stopped</c>, with what swarm's
/// <c>deploy.restart_policy</c> adds: a bound for <c>always</c> too (its <c>condition: any</c> with
/// <c>max_attempts</c>), a fixed <see cref="Delay"/> between attempts and a sliding <see cref="Window"/> for counting
/// them. <see cref="MaxRetries"/> is null (or 0, as Docker reads <c>on-failure:0</c>) when restarts are unbounded. A
/// manual stop is never undone by any of them.
/// </summary>
public sealed record RestartPolicy(RestartPolicyKind Kind, int? MaxRetries = null)
{
    public static readonly RestartPolicy No = new(RestartPolicyKind.No);
    public static readonly RestartPolicy Always = new(RestartPolicyKind.Always);
    public static readonly RestartPolicy UnlessStopped = new(RestartPolicyKind.UnlessStopped);

    /// <summary>The wait before each restart; null for the daemon's exponential backoff (<see cref="ContainerSettings"/>).</summary>
    public TimeSpan? Delay { get; init; }

    /// <summary>
    /// Only the restarts of the last <see cref="Window"/> count toward <see cref="MaxRetries"/>, as swarmkit counts
    /// them; null when every restart counts.
    /// </summary>
    public TimeSpan? Window { get; init; }

    /// <summary>Whether <see cref="MaxRetries"/> limits the restarts (0 means no limit, as in Docker).</summary>
    public bool IsBounded => MaxRetries is > 0;

    public static RestartPolicy OnFailure(int? maxRetries = null) =>
        maxRetries is < 0 ? throw new ArgumentOutOfRangeException(nameof(maxRetries), "must not be negative") : new(RestartPolicyKind.OnFailure, maxRetries);

    /// <summary>Whether a process that ended with <paramref name="exitCode"/> (not by a manual stop) runs again.</summary>
    public bool RestartsAfter(int exitCode) => Kind switch
    {
        RestartPolicyKind.Always or RestartPolicyKind.UnlessStopped => true,
        RestartPolicyKind.OnFailure => exitCode != 0,
        _ => false,
    };

    /// <summary>
    /// Docker's spelling, and <c>always:N</c> for swarm's bounded <c>any</c> (Docker's API has no such name: its
    /// endpoint checks the count against the name before it gets here).
    /// </summary>
    /// <exception cref="FormatException">The text is not one of these policies.</exception>
    public static RestartPolicy Parse(string text)
    {
        var (name, count) = text.IndexOf(':') is var colon and >= 0 ? (text[..colon], text[(colon + 1)..]) : (text, null);
        var kind = name switch
        {
            "no" or "" => RestartPolicyKind.No,
            "on-failure" => RestartPolicyKind.OnFailure,
            "always" => RestartPolicyKind.Always,
            "unless-stopped" => RestartPolicyKind.UnlessStopped,
            _ => throw new FormatException($"invalid restart policy \"{text}\": use no, on-failure[:max-retries], always or unless-stopped"),
        };
        if (count is null)
            return kind == RestartPolicyKind.OnFailure ? OnFailure() : new RestartPolicy(kind);
        if (kind is not (RestartPolicyKind.OnFailure or RestartPolicyKind.Always))
            throw new FormatException($"invalid restart policy \"{text}\": only on-failure (and always, for swarm's bounded \"any\") takes a maximum retry count");
        if (!int.TryParse(count, System.Globalization.NumberStyles.None, null, out var retries))
            throw new FormatException($"invalid restart policy \"{text}\": the maximum retry count must be a non-negative integer");
        return new RestartPolicy(kind, retries);
    }

    /// <summary>The name and count as <see cref="Parse"/> reads them; <see cref="Delay"/> and <see cref="Window"/> are not part of it.</summary>
    public override string ToString() => Kind switch
    {
        RestartPolicyKind.OnFailure => MaxRetries is { } n ? $"on-failure:{n}" : "on-failure",
        RestartPolicyKind.Always => MaxRetries is { } n and > 0 ? $"always:{n}" : "always",
        RestartPolicyKind.UnlessStopped => "unless-stopped",
        _ => "no",
    };
}
