using Bock.Api.Dtos;
using Bock.Cli.CommandLine;

namespace Bock.Cli.Stacks.Commands;

/// <summary><c>up</c>'s flags as a <see cref="StackUpRequest"/>; <c>--scale web=3</c> (repeatable) as the Scale map.</summary>
internal static class UpRequestParser
{
    public static StackUpRequest ToRequest(ParsedFlags flags, StackRequest project)
    {
        var pull = flags.Value("pull") ?? "missing";
        if (pull is not ("missing" or "always" or "never"))
            throw new UsageException($"invalid --pull option \"{pull}\": expected \"always\", \"missing\" or \"never\"", flags.Value("pull") is null ? null : "bockrose up");
        return new StackUpRequest
        {
            Project = project,
            Services = flags.Positional,
            Build = flags.Bool("build"),
            ForceRecreate = flags.Bool("force-recreate"),
            NoDeps = flags.Bool("no-deps"),
            Scale = Scale(flags.List("scale"), "scale"),
            Wait = flags.Bool("wait"),
            Pull = pull,
            RemoveOrphans = flags.Bool("remove-orphans"),
        };
    }

    /// <summary><c>SERVICE=REPLICAS</c> pairs (up --scale, scale): a later pair for the same service wins.</summary>
    public static Dictionary<string, int> Scale(IReadOnlyList<string> pairs, string flag)
    {
        var scale = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var eq = pair.IndexOf('=');
            if (eq <= 0 || !int.TryParse(pair[(eq + 1)..], out var replicas) || replicas < 0)
                throw new UsageException(flag == "scale" ? $"invalid --scale option \"{pair}\": expected SERVICE=REPLICAS" : $"invalid argument \"{pair}\": expected SERVICE=REPLICAS");
            scale[pair[..eq]] = replicas;
        }
        return scale;
    }
}
