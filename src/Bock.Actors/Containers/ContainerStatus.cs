namespace Bock.Actors.Containers;

/// <summary>A container's lifecycle as Docker shows it; the ContainerActor has one behaviour per status.</summary>
public enum ContainerStatus
{
    Created,
    Running,
    Paused,
    Exited,
    Removed,
}
