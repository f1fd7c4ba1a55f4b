using System.Globalization;
using System.Text.RegularExpressions;
using Bock.Builder.Graph;

namespace Bock.Builder.Dockerfile;

internal sealed partial class StageCompiler
{
    private static readonly HashSet<string> NotTriggers = ["ONBUILD", "FROM", "MAINTAINER"];

    private ExposeStep Expose(RawInstruction instruction)
    {
        NoFlags(instruction);
        var words = RawWords.SplitOnWhitespace(instruction.Rest, instruction.RestStart);
        if (words.Count == 0) throw new BuildSpecException(instruction.Location, "EXPOSE requires at least one argument");
        var ports = new List<string>();
        // EXPOSE is the one instruction whose substitution splits words: ARG PORTS="80 443" then EXPOSE $PORTS is two ports.
        foreach (var word in words)
        foreach (var spec in ExpandFields(instruction, word))
        {
            var match = PortPattern().Match(spec);
            if (!match.Success || !InPortRange(match.Groups[1].Value) || (match.Groups[3].Success && !InPortRange(match.Groups[3].Value)) ||
                (match.Groups[3].Success && int.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture) < int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)))
                throw new BuildSpecException(instruction.Line.Locate(word.Start), $"invalid port \"{spec}\": expected PORT[-PORT][/tcp|udp|sctp]");
            // Docker stores "80" as "80/tcp" and lower-cases the protocol; a range stays a range.
            var protocol = match.Groups[5].Success ? match.Groups[5].Value.ToLowerInvariant() : "tcp";
            if (protocol is not ("tcp" or "udp" or "sctp"))
                throw new BuildSpecException(instruction.Line.Locate(word.Start), $"invalid protocol \"{protocol}\" in \"{spec}\": expected tcp, udp or sctp");
            ports.Add($"{match.Groups[1].Value}{match.Groups[2].Value}/{protocol}");
        }
        return new ExposeStep(instruction.Location, ports);
    }

    private IReadOnlyList<string> ExpandFields(RawInstruction instruction, Word word)
    {
        try
        {
            return VariableSubstitution.Fields(word.Text, _variables.Lookup, _escape);
        }
        catch (SubstitutionException e)
        {
            throw new BuildSpecException(instruction.Line.Locate(word.Start), e.Message);
        }
    }

    private static bool InPortRange(string digits) => int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535;

    private VolumeStep Volume(RawInstruction instruction)
    {
        NoFlags(instruction);
        IReadOnlyList<Word> words = instruction.Json is { } json
            ? [.. json.Select(value => new Word(value, instruction.RestStart))]
            : RawWords.SplitOnWhitespace(instruction.Rest, instruction.RestStart);
        if (words.Count == 0) throw new BuildSpecException(instruction.Location, "VOLUME requires at least one argument");
        var paths = new List<string>();
        foreach (var word in words)
        {
            var path = Expand(instruction, word);
            if (path.Trim().Length == 0) throw new BuildSpecException(instruction.Line.Locate(word.Start), "VOLUME specified can not be an empty string");
            paths.Add(path);
        }
        return new VolumeStep(instruction.Location, paths);
    }

    private HealthcheckStep Healthcheck(RawInstruction instruction)
    {
        var flags = new FlagSet().String("interval").String("timeout").String("start-period").String("start-interval").String("retries");
        flags.Parse("HEALTHCHECK", instruction.Flags, instruction.Line);
        var rest = instruction.Rest;
        var typeEnd = 0;
        while (typeEnd < rest.Length && !char.IsWhiteSpace(rest[typeEnd])) typeEnd++;
        var type = rest[..typeEnd].ToUpperInvariant();
        var commandStart = typeEnd;
        while (commandStart < rest.Length && char.IsWhiteSpace(rest[commandStart])) commandStart++;
        var command = rest[commandStart..];
        var commandLocation = instruction.Line.Locate(instruction.RestStart + commandStart);
        switch (type)
        {
            case "":
                throw new BuildSpecException(instruction.Location, "HEALTHCHECK requires NONE or CMD");
            case "NONE":
                // BuildKit accepts (and ignores) the timing flags here; only arguments are a mistake.
                if (command.Length > 0)
                    throw new BuildSpecException(instruction.RestLocation, "HEALTHCHECK NONE takes no arguments");
                return new HealthcheckStep(instruction.Location, ["NONE"]);
            case "CMD":
                break;
            default:
                throw new BuildSpecException(instruction.RestLocation, $"unknown type \"{rest[..typeEnd]}\" in HEALTHCHECK (try CMD)");
        }
        if (command.Length == 0) throw new BuildSpecException(instruction.RestLocation, "Missing command after HEALTHCHECK CMD");
        IReadOnlyList<string> test = JsonForm.TryParse(command, commandLocation) is { } exec ? ["CMD", .. exec] : ["CMD-SHELL", command];

        TimeSpan? Duration(string name)
        {
            if (flags.Get(name) is not { } flag) return null;
            var at = instruction.Line.Locate(flag.Start);
            if (!GoDuration.TryParse(flag.Value!, out var value)) throw new BuildSpecException(at, $"--{name}: invalid duration \"{flag.Value}\"");
            // Zero means "the default"; anything else below Docker's 1ms minimum is refused.
            if (value != TimeSpan.Zero && value < TimeSpan.FromMilliseconds(1))
                throw new BuildSpecException(at, $"--{name} cannot be less than 1ms");
            return value;
        }
        int? retries = null;
        if (flags.Get("retries") is { } retriesFlag)
        {
            if (!int.TryParse(retriesFlag.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed))
                throw new BuildSpecException(instruction.Line.Locate(retriesFlag.Start), $"--retries: not a number: \"{retriesFlag.Value}\"");
            if (parsed < 0) throw new BuildSpecException(instruction.Line.Locate(retriesFlag.Start), "--retries cannot be negative");
            retries = parsed;
        }
        return new HealthcheckStep(instruction.Location, test)
        {
            Interval = Duration("interval"),
            Timeout = Duration("timeout"),
            StartPeriod = Duration("start-period"),
            StartInterval = Duration("start-interval"),
            Retries = retries,
        };
    }

    /// <summary>
    /// ONBUILD stores its trigger as written, unexpanded: it runs, and is substituted, in the builds FROM this image. A
    /// trigger's heredocs follow it as they were written (body, then delimiter), so the trigger parses again as a whole.
    /// </summary>
    private OnbuildStep Onbuild(RawInstruction instruction)
    {
        var trigger = instruction.Arguments;
        if (trigger.Length == 0) throw new BuildSpecException(instruction.Location, "ONBUILD requires at least one argument");
        var end = 0;
        while (end < trigger.Length && !char.IsWhiteSpace(trigger[end])) end++;
        var keyword = trigger[..end].ToUpperInvariant();
        var at = instruction.Line.Locate(instruction.Line.Text.IndexOf(trigger, instruction.KeywordStart + instruction.Keyword.Length, StringComparison.Ordinal));
        if (NotTriggers.Contains(keyword)) throw new BuildSpecException(at, $"{keyword} isn't allowed as an ONBUILD trigger");
        if (!DockerfileInstructions.Known.Contains(keyword)) throw new BuildSpecException(at, $"unknown instruction: {keyword}");
        return new OnbuildStep(instruction.Location, trigger + string.Concat(instruction.Heredocs.Select(h => "\n" + h.Body + h.Marker.Name)));
    }

    [GeneratedRegex(@"^(\d+)(-(\d+))?(/([A-Za-z]+))?$")]
    private static partial Regex PortPattern();
}
