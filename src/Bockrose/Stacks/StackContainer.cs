namespace Bockrose.Stacks;

/// <summary>
/// A container of a stack as the daemon reports it: found by its compose labels. <see cref="State"/> is Docker's
/// (created, running, paused, restarting, exited); <see cref="Health"/> starting|healthy|unhealthy or null.
/// </summary>
public sealed record StackContainer(
    string Id,
    string Name,
    string Service,
    int Number,
    string ConfigHash,
    bool OneOff,
    string State,
    string? Health,
    int ExitCode,
    int RestartCount);
