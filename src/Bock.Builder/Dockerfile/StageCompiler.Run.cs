using Bock.Builder.Graph;

namespace Bock.Builder.Dockerfile;

internal sealed partial class StageCompiler
{
    private static readonly HashSet<string> NetworkModes = ["default", "none", "host"];

    private RunStep Run(RawInstruction instruction)
    {
        var flags = new FlagSet().Strings("mount").String("network");
        flags.Parse("RUN", instruction.Flags, instruction.Line);
        var mounts = flags.All("mount").Select(flag =>
        {
            var at = instruction.Line.Locate(flag.Start);
            return RunMountParser.Parse(flag.Value!, at, value => Expand(instruction, value, flag.Start),
                from => _references.Resolve(from, _header.Index, at, "--mount from"));
        }).ToList();
        string? network = null;
        if (flags.Get("network") is { } networkFlag)
        {
            if (!NetworkModes.Contains(networkFlag.Value!))
                throw new BuildSpecException(instruction.Line.Locate(networkFlag.Start), $"unsupported network mode \"{networkFlag.Value}\"");
            network = networkFlag.Value == "default" ? null : networkFlag.Value;
        }
        var command = instruction.Json ?? [NonEmptyShellForm(instruction)];
        // The shell, not the builder, expands a RUN heredoc's variables (BuildKit hands it to the shell as written).
        var heredocs = instruction.Heredocs.Select(h => new InlineFile(h.Marker.Name, h.Marker.Body(h.Body), h.Marker.Expand)).ToList();
        return new RunStep(instruction.Location, command, instruction.Json is null, _shell, _variables.BuildArgs(), mounts)
        {
            Network = network,
            Heredocs = heredocs,
        };
    }

    private static string NonEmptyShellForm(RawInstruction instruction) => instruction.Rest.Length > 0
        ? instruction.Rest
        : throw new BuildSpecException(instruction.Location, $"{instruction.Keyword} requires at least one argument");

    /// <summary>CMD and ENTRYPOINT: the JSON form as is, the shell form wrapped in the stage's SHELL as Docker stores it.</summary>
    private IReadOnlyList<string> CommandLine(RawInstruction instruction)
    {
        NoFlags(instruction);
        return instruction.Json ?? [.. _shell, NonEmptyShellForm(instruction)];
    }
}
