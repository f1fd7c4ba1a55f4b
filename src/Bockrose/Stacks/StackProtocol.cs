using Bock.Api.Dtos;

namespace Bockrose.Stacks;

/// <summary>
/// Messages of the <see cref="StackDirectory"/> and the <see cref="StackActor"/>s. An operation (up, down, an action,
/// scale, run) reports each step to <c>Progress</c> and is replied, when it is over, with <see cref="OperationDone"/>.
/// </summary>
public static class StackProtocol
{
    /// <param name="Reconcile">A restarted bockd bringing a stored stack back: exited replicas of services without a
    /// restart policy (a finished migration) are left as they are rather than run again.</param>
    public sealed record Up(StackDefinition Definition, StackUpRequest Options, Action<StackProgress> Progress, bool Reconcile = false);

    public sealed record Down(string Project, StackDownRequest Options, Action<StackProgress> Progress);

    /// <summary>start, stop, restart, kill, pause, unpause or rm on the services (all when empty).</summary>
    public sealed record Act(string Project, string Action, StackActionRequest Options, Action<StackProgress> Progress);

    public sealed record Scale(string Project, IReadOnlyDictionary<string, int> Replicas, Action<StackProgress> Progress);

    /// <summary>Replied with <see cref="OneOffCreated"/> or <see cref="OperationDone"/> carrying the error.</summary>
    public sealed record Run(StackDefinition Definition, StackRunRequest Options, Action<StackProgress> Progress);

    public sealed record OneOffCreated(string Id);

    /// <summary>Error null: done. NotFound: no such stack.</summary>
    public sealed record OperationDone(string? Error, bool NotFound = false);

    /// <summary>Replied with an <see cref="IReadOnlyList{StackSummary}"/>.</summary>
    public sealed record ListStacks
    {
        public static readonly ListStacks Instance = new();
    }

    /// <summary>Replied with a <see cref="StackDetail"/> or <see cref="OperationDone"/> (NotFound).</summary>
    public sealed record GetStack(string Project);

    /// <summary>A replica of the service started again after it had died (not by an operation): dependants with restart: true follow.</summary>
    public sealed record ReplicaRestarted(string Service);

    public static readonly Action<StackProgress> NoProgress = _ => { };
}
