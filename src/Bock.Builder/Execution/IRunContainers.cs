namespace Bock.Builder.Execution;

/// <summary>
/// Runs a RUN step's container to completion: an overlay root over <see cref="RunContainerSpec.LowerDirs"/> with
/// the builder's upper dir, the process's output streamed line by line. Whatever the implementation mounts and
/// creates is gone when the task completes, also on failure and cancellation; the upper dir stays (the builder's).
/// </summary>
public interface IRunContainers
{
    /// <returns>The process's exit code (128 + N when killed by signal N).</returns>
    Task<int> RunAsync(RunContainerSpec spec, Action<string> output, CancellationToken cancellationToken);
}

/// <param name="LowerDirs">Snapshot dirs, top layer first (may be empty: FROM scratch).</param>
/// <param name="User">USER as written (<c>name</c>, <c>uid:gid</c>), empty for root; resolved against the root's /etc/passwd.</param>
/// <param name="Network">none (loopback only, the default) or host.</param>
public sealed record RunContainerSpec(string Id, IReadOnlyList<string> LowerDirs, string UpperDir, string WorkDir, IReadOnlyList<string> Args,
    IReadOnlyList<string> Env, string Cwd, string User, string Network, IReadOnlyList<RunContainerMount> Mounts);

/// <param name="Type">bind or tmpfs.</param>
public sealed record RunContainerMount(string Type, string Source, string Target, IReadOnlyList<string> Options);
