namespace Bock.Api.Dtos;

/// <summary>GET /info: the fields of dockerd's answer that mean something for bockd.</summary>
public sealed record InfoResponse
{
    public required string ID { get; init; }
    public int Containers { get; init; }
    public int ContainersRunning { get; init; }
    public int ContainersPaused { get; init; }
    public int ContainersStopped { get; init; }
    public int Images { get; init; }
    public required string Driver { get; init; }
    public required string DockerRootDir { get; init; }
    public required string KernelVersion { get; init; }
    public required string OperatingSystem { get; init; }
    public required string OSType { get; init; }
    public required string Architecture { get; init; }
    public int NCPU { get; init; }
    public long MemTotal { get; init; }
    public required string Name { get; init; }
    public required string ServerVersion { get; init; }
    public required string CgroupDriver { get; init; }
    public required string CgroupVersion { get; init; }
    public required string DefaultRuntime { get; init; }
    public bool ExperimentalBuild { get; init; }
}
