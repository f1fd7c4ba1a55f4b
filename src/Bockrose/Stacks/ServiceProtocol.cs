using Bock.Api.Dtos;
using Bockrose.Compose.Model;

namespace Bockrose.Stacks;

/// <summary>Messages of a <see cref="ServiceActor"/>. Commands are replied with <see cref="Done"/> or a Status.Failure.</summary>
public static class ServiceProtocol
{
    /// <summary>Make the service's replicas match: create missing ones, recreate those whose hash changed, start stopped ones, remove extra ones.</summary>
    public sealed record Converge(Project Project, Service Service, int Replicas, bool ForceRecreate, string Pull, IReadOnlyList<string> ConfigFiles, Action<StackProgress> Progress)
    {
        /// <summary>Reconcile: a replica that exited under restart "no" stays exited.</summary>
        public bool KeepExited { get; init; }
    }

    /// <summary>Replied with <see cref="Done"/> once the condition holds (service_started, service_healthy, service_completed_successfully), a Status.Failure if it cannot.</summary>
    public sealed record WaitFor(string Condition);

    /// <summary>start, stop, restart, kill, pause, unpause, rm (remove), down (stop and remove, healing off).</summary>
    public sealed record Act(string Action, int? Timeout, string? Signal, Action<StackProgress> Progress)
    {
        /// <summary>down -v, rm -v: the removed replicas' anonymous volumes go with them (compose keeps them otherwise).</summary>
        public bool RemoveVolumes { get; init; }
    }

    public sealed record GetStatus
    {
        public static readonly GetStatus Instance = new();
    }

    public sealed record Done
    {
        public static readonly Done Instance = new();
    }
}
