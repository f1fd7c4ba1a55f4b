namespace Bock.Actors.Containers;

/// <summary>What a container is made from: its id (also its actor's name), its OCI bundle, its restart policy and its health check.</summary>
public sealed record ContainerSpec(string Id, string BundlePath, RestartPolicy RestartPolicy)
{
    /// <summary>Null, or a check whose <see cref="Containers.HealthCheck.Command"/> is null, means no health check.</summary>
    public HealthCheck? HealthCheck { get; init; }

    /// <summary>Docker's rule for names, which also keeps an id a valid actor name and a safe path segment.</summary>
    public static bool IsValidId(string id) =>
        id.Length is > 0 and <= 128 && char.IsAsciiLetterOrDigit(id[0]) && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-');
}
