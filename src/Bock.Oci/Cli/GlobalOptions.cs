namespace Bock.Oci.Cli;

/// <summary>Options that come before the command, as with runc.</summary>
public sealed record GlobalOptions
{
    public const string DefaultRoot = "/run/bock/oci";

    public string Root { get; init; } = DefaultRoot;
}
