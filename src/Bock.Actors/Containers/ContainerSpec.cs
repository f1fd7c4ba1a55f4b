namespace Bock.Actors.Containers;

/// <summary>What a container is made from: its id (also its actor's name), its OCI bundle and its restart policy.</summary>
public sealed record ContainerSpec(string Id, string BundlePath, RestartPolicy RestartPolicy)
{
    /// <summary>Docker's rule for names, which also keeps an id a valid actor name and a safe path segment.</summary>
    public static bool IsValidId(string id) =>
        id.Length is > 0 and <= 128 && char.IsAsciiLetterOrDigit(id[0]) && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-');
}
