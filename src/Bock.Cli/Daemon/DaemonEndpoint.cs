namespace Bock.Cli.Daemon;

/// <summary>
/// Where bockd listens: <c>-H</c>/<c>--host</c>, else <c>$BOCK_HOST</c>, else <c>unix:///run/bock/bock.sock</c>. Only the
/// default endpoint is started on demand: a daemon named by the user is theirs to run.
/// </summary>
internal sealed record DaemonEndpoint(string SocketPath, bool IsDefault)
{
    public const string DefaultSocket = "/run/bock/bock.sock";

    public override string ToString() => "unix://" + SocketPath;

    public static DaemonEndpoint Resolve(string? host)
    {
        host ??= Environment.GetEnvironmentVariable("BOCK_HOST");
        if (string.IsNullOrEmpty(host)) return new DaemonEndpoint(DefaultSocket, IsDefault: true);
        if (!host.StartsWith("unix://", StringComparison.Ordinal))
            throw new CommandLine.UsageException($"invalid host \"{host}\": only unix:///path/to/socket is supported");
        var path = host["unix://".Length..];
        if (!Path.IsPathFullyQualified(path))
            throw new CommandLine.UsageException($"invalid host \"{host}\": the socket path must be absolute");
        return new DaemonEndpoint(path, IsDefault: path == DefaultSocket);
    }
}
