namespace Bock.Cli.CommandLine;

/// <summary>One declared flag: its long name, an optional one-letter short name, and what it takes.</summary>
internal sealed record Flag(string Long, char? Short, FlagKind Kind, string Help, string? ValueName = null)
{
    public string Synopsis
    {
        get
        {
            var names = Short is { } s ? $"-{s}, --{Long}" : $"    --{Long}";
            return Kind == FlagKind.Bool ? names : $"{names} {ValueName ?? (Kind == FlagKind.List ? "list" : "string")}";
        }
    }
}
