namespace Bock.Actors.Containers;

/// <summary>
/// Docker's restart policy: <c>no</c>, <c>on-failure[:N]</c>, <c>always</c>, <c>unless-stopped</c>.
/// <see cref="MaxRetries"/> is null (or 0, as Docker reads <c>on-failure:0</c>) when restarts are unbounded. A manual
/// stop is never undone by any of them.
/// </summary>
public sealed record RestartPolicy(RestartPolicyKind Kind, int? MaxRetries = null)
{
    public static readonly RestartPolicy No = new(RestartPolicyKind.No);
    public static readonly RestartPolicy Always = new(RestartPolicyKind.Always);
    public static readonly RestartPolicy UnlessStopped = new(RestartPolicyKind.UnlessStopped);

    public static RestartPolicy OnFailure(int? maxRetries = null) =>
        maxRetries is < 0 ? throw new ArgumentOutOfRangeException(nameof(maxRetries), "must not be negative") : new(RestartPolicyKind.OnFailure, maxRetries);

    /// <summary>Whether a process that ended with <paramref name="exitCode"/> (not by a manual stop) runs again.</summary>
    public bool RestartsAfter(int exitCode) => Kind switch
    {
        RestartPolicyKind.Always or RestartPolicyKind.UnlessStopped => true,
        RestartPolicyKind.OnFailure => exitCode != 0,
        _ => false,
    };

    /// <exception cref="FormatException">The text is not one of Docker's policies.</exception>
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
        if (kind != RestartPolicyKind.OnFailure)
            throw new FormatException($"invalid restart policy \"{text}\": only on-failure takes a maximum retry count");
        if (!int.TryParse(count, System.Globalization.NumberStyles.None, null, out var retries))
            throw new FormatException($"invalid restart policy \"{text}\": the maximum retry count must be a non-negative integer");
        return OnFailure(retries);
    }

    public override string ToString() => Kind switch
    {
        RestartPolicyKind.OnFailure => MaxRetries is { } n ? $"on-failure:{n}" : "on-failure",
        RestartPolicyKind.Always => "always",
        RestartPolicyKind.UnlessStopped => "unless-stopped",
        _ => "no",
    };
}
