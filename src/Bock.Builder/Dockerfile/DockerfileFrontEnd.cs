using System.Text.RegularExpressions;
using Bock.Builder.Graph;

namespace Bock.Builder.Dockerfile;

/// <summary>
/// The Dockerfile front end: reads a Dockerfile with BuildKit's syntax (parser directives, continuations, heredocs,
/// exec and shell forms, ARG scoping, the builder's variable substitution) and compiles it to a <see cref="BuildGraph"/>.
/// Anything that cannot be built is a <see cref="BuildSpecException"/> at its file, line and column.
/// </summary>
public static partial class DockerfileFrontEnd
{
    public static BuildGraph Parse(string text, string fileName, IReadOnlyDictionary<string, string> buildArgs, string? target)
    {
        var reader = new DockerfileReader(text, fileName);
        var instructions = reader.ReadAll();
        var escape = reader.Directives.Escape;
        var globals = new GlobalArgs(buildArgs);
        var headers = SplitStages(instructions, globals, escape, fileName);
        var references = new StageReferences(headers);
        var outcomes = new List<StageOutcome>();
        foreach (var header in headers)
        {
            // A malformed FROM is reported when its stage is reached, so the first error in the file is the one reported.
            if (header.Invalid is { } invalid) throw invalid;
            var (stageBase, parent) = ResolveBase(header, globals, escape, outcomes);
            outcomes.Add(new StageCompiler(header, stageBase, parent, globals, references, escape).Compile(header.Platform));
        }
        var stages = outcomes.Select(o => o.Stage).ToList();
        var targetName = stages[^1].Name;
        if (target is not null)
        {
            targetName = target.ToLowerInvariant();
            if (!stages.Any(s => s.Name == targetName))
                throw new BuildSpecException(new SourceLocation(fileName, 1, 1), $"target stage \"{target}\" could not be found");
        }
        return new BuildGraph(stages, targetName);
    }

    // ARGs before the first FROM are global; every FROM starts a stage that owns the instructions up to the next.
    private static List<StageHeader> SplitStages(IReadOnlyList<RawInstruction> instructions, GlobalArgs globals, char escape, string fileName)
    {
        var headers = new List<StageHeader>();
        RawInstruction? from = null;
        var body = new List<RawInstruction>();
        void Close()
        {
            if (from is null) return;
            try
            {
                headers.Add(Header(from, headers, [.. body], globals, escape));
            }
            catch (BuildSpecException e)
            {
                var index = headers.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
                headers.Add(new StageHeader(headers.Count, index, from, new Word("", from.RestStart), null, [.. body]) { Invalid = e });
            }
            body.Clear();
        }
        foreach (var instruction in instructions)
        {
            if (instruction.Keyword == "FROM")
            {
                Close();
                from = instruction;
            }
            else if (from is not null) body.Add(instruction);
            else if (instruction.Keyword == "ARG") DeclareGlobal(instruction, globals, escape);
            else if (!DockerfileInstructions.Known.Contains(instruction.Keyword)) throw DockerfileInstructions.Unknown(instruction);
            else throw new BuildSpecException(instruction.Location, $"{instruction.Keyword} before the first FROM: no build stage in current context");
        }
        Close();
        if (headers.Count == 0) throw new BuildSpecException(new SourceLocation(fileName, 1, 1), "the Dockerfile has no FROM: no stage to build");
        return headers;
    }

    private static void DeclareGlobal(RawInstruction instruction, GlobalArgs globals, char escape)
    {
        new FlagSet().Parse("ARG", instruction.Flags, instruction.Line);
        foreach (var (name, defaultWord) in KeyValueArguments.ParseArgs(instruction, escape))
            globals.Declare(name.Text, defaultWord is null ? null : ExpandGlobal(instruction, defaultWord, globals, escape));
    }

    private static string ExpandGlobal(RawInstruction instruction, Word word, GlobalArgs globals, char escape)
    {
        try
        {
            return VariableSubstitution.Word(word.Text, globals.Lookup, escape);
        }
        catch (SubstitutionException e)
        {
            throw new BuildSpecException(instruction.Line.Locate(word.Start), e.Message);
        }
    }

    private static StageHeader Header(RawInstruction from, List<StageHeader> earlier, IReadOnlyList<RawInstruction> body, GlobalArgs globals, char escape)
    {
        var flags = new FlagSet().String("platform");
        flags.Parse("FROM", from.Flags, from.Line);
        var words = RawWords.SplitOnWhitespace(from.Rest, from.RestStart);
        if (words.Count == 0) throw new BuildSpecException(from.Location, "FROM requires either one or three arguments");
        if (words.Count is 2 or > 3 || (words.Count == 3 && !words[1].Text.Equals("AS", StringComparison.OrdinalIgnoreCase)))
            throw new BuildSpecException(from.Line.Locate(words[1].Start), "FROM requires either one or three arguments: image [AS name]");
        var index = earlier.Count;
        var name = index.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (words.Count == 3)
        {
            // Stage names are case-insensitive: BuildKit lower-cases them.
            name = words[2].Text.ToLowerInvariant();
            var at = from.Line.Locate(words[2].Start);
            if (!StageName().IsMatch(name))
                throw new BuildSpecException(at, $"invalid name for build stage: \"{words[2].Text}\", name can't start with a number or contain symbols");
            if (earlier.Any(s => s.Name == name)) throw new BuildSpecException(at, $"duplicate stage name \"{name}\"");
        }
        var platform = flags.Get("platform") is { } flag
            ? ExpandGlobal(from, new Word(flag.Value!, flag.Start), globals, escape)
            : null;
        return new StageHeader(index, name, from, words[0], platform is "" ? null : platform, body);
    }

    // FROM expands with the global ARGs only; a name of an earlier stage is that stage, "scratch" is nothing.
    private static (StageBase Base, StageOutcome? Parent) ResolveBase(StageHeader header, GlobalArgs globals, char escape, List<StageOutcome> earlier)
    {
        var image = ExpandGlobal(header.From, header.Image, globals, escape);
        if (image.Length == 0)
            throw new BuildSpecException(header.From.Line.Locate(header.Image.Start), $"base name ({header.Image.Text}) should not be blank");
        if (earlier.FirstOrDefault(o => o.Stage.Name == image.ToLowerInvariant() && !IsIndexName(o.Stage)) is { } parent)
            return (new StageBase.Stage(parent.Stage.Name), parent);
        return image == "scratch" ? (new StageBase.Scratch(), null) : (new StageBase.Image(image), null);
    }

    // An unnamed stage is named by its index, but FROM 0 means an image called "0", not stage 0.
    private static bool IsIndexName(BuildStage stage) => stage.Name == stage.Index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^[a-z][a-z0-9\-_\.]*$")]
    private static partial Regex StageName();
}
