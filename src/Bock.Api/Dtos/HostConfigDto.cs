namespace Bock.Api.Dtos;

/// <summary>The part of Docker's HostConfig that bockd honours so far.</summary>
public sealed record HostConfigDto
{
    public RestartPolicyDto? RestartPolicy { get; init; }
}
