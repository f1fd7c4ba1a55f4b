namespace Bockrose.Stacks;

/// <summary>
/// A container event of a stack's container, told to the <see cref="StackDirectory"/> by the daemon. Action is
/// Docker's (start, die, restart, destroy, health_status: healthy, …); <see cref="Container"/> is the container as
/// it is after the event.
/// </summary>
public sealed record StackContainerEvent(string Project, string Action, StackContainer Container);
