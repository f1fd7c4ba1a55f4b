using System.Globalization;
using Bock.Cli.CommandLine;

namespace Bock.Cli.Build;

/// <summary>Everything <c>bock build</c>'s flags ask for, checked and normalised (absolute output paths, parsed secrets).</summary>
internal sealed record BuildOptions
{
    public IReadOnlyList<string> Tags { get; init; } = [];
    public string? File { get; init; }
    public IReadOnlyDictionary<string, string> BuildArgs { get; init; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    public string? Target { get; init; }
    public bool NoCache { get; init; }
    public bool Pull { get; init; }
    public string? Platform { get; init; }
    public IReadOnlyList<string> CacheFrom { get; init; } = [];
    public IReadOnlyList<BuildSecret> Secrets { get; init; } = [];
    public IReadOnlyList<BuildOutput> Outputs { get; init; } = [];
    public bool Push { get; init; }
    public string? IidFile { get; init; }
    public bool Quiet { get; init; }
    public BuildProgressMode Progress { get; init; }
    public long? SourceDateEpoch { get; init; }
    public bool NormalizeOwners { get; init; }

    /// <summary>Whether the image lands in the store (no <c>--output</c>, or <c>type=image</c>): then an image id is owed.</summary>
    public bool StoresImage => Outputs.Count == 0 || Outputs.Any(o => o.Type == "image");

    /// <exception cref="UsageException">A malformed value.</exception>
    public static BuildOptions From(ParsedFlags flags, Func<string, string?> environment)
    {
        var buildArgs = KeyValueFlags.BuildArgs(flags.List("build-arg"), environment);
        // SOURCE_DATE_EPOCH: a --build-arg names it for this build, else the environment's, as buildx does.
        var epochText = buildArgs.GetValueOrDefault("SOURCE_DATE_EPOCH") ?? environment("SOURCE_DATE_EPOCH");
        long? epoch = null;
        if (!string.IsNullOrEmpty(epochText))
            epoch = long.TryParse(epochText, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
                ? seconds
                : throw new UsageException($"invalid SOURCE_DATE_EPOCH \"{epochText}\": seconds since 1970 expected");
        return new BuildOptions
        {
            Tags = flags.List("tag").Select(CheckedTag).ToList(),
            File = flags.Value("file"),
            BuildArgs = buildArgs,
            Labels = KeyValueFlags.Labels(flags.List("label")),
            Target = flags.Value("target"),
            NoCache = flags.Bool("no-cache"),
            Pull = flags.Bool("pull"),
            Platform = flags.Value("platform"),
            CacheFrom = flags.List("cache-from"),
            Secrets = flags.List("secret").Select(BuildSecret.Parse).ToList(),
            Outputs = flags.List("output").Select(BuildOutput.Parse).ToList(),
            Push = flags.Bool("push"),
            IidFile = flags.Value("iidfile") is { } iid ? Path.GetFullPath(iid) : null,
            Quiet = flags.Bool("quiet"),
            Progress = flags.Value("progress") switch
            {
                null or "auto" => BuildProgressMode.Auto,
                "plain" => BuildProgressMode.Plain,
                "tty" => BuildProgressMode.Tty,
                var other => throw new UsageException($"invalid argument \"{other}\" for \"--progress\" flag: auto, plain or tty"),
            },
            SourceDateEpoch = epoch,
            NormalizeOwners = flags.Bool("normalize-owners"),
        };
    }

    private static string CheckedTag(string tag)
    {
        var colon = tag.LastIndexOf(':');
        var repository = colon > tag.LastIndexOf('/') ? tag[..colon] : tag;
        if (repository.Length == 0 || tag.Any(char.IsWhiteSpace))
            throw new UsageException($"invalid argument \"{tag}\" for \"-t, --tag\" flag: invalid reference format");
        if (repository.Any(char.IsUpper))
            throw new UsageException($"invalid argument \"{tag}\" for \"-t, --tag\" flag: invalid reference format: repository name must be lowercase");
        return tag;
    }
}
