using Bock.Builder.Graph;

namespace Bock.Builder.Dockerfile;

/// <summary>
/// Compiles one stage's instructions into <see cref="BuildStep"/>s, keeping what later instructions depend on: the
/// variables in scope, the SHELL, and the WORKDIR (known when the stage starts from scratch or from an earlier stage;
/// from an image a relative WORKDIR is kept relative, for the builder to resolve against the image's config).
/// </summary>
internal sealed partial class StageCompiler
{
    private static readonly IReadOnlyList<string> DefaultShell = ["/bin/sh", "-c"];
    private readonly StageHeader _header;
    private readonly StageBase _base;
    private readonly GlobalArgs _globals;
    private readonly StageReferences _references;
    private readonly char _escape;
    private readonly List<BuildStep> _steps = [];
    private readonly StageVariables _variables;
    private IReadOnlyList<string> _shell;
    private string? _workdir;

    public StageCompiler(StageHeader header, StageBase @base, StageOutcome? parent, GlobalArgs globals, StageReferences references, char escape)
    {
        _header = header;
        _base = @base;
        _globals = globals;
        _references = references;
        _escape = escape;
        _variables = parent?.Variables.Copy() ?? new StageVariables();
        _shell = parent?.Shell ?? DefaultShell;
        _workdir = parent is not null ? parent.Workdir : @base is StageBase.Scratch ? "/" : null;
    }

    public StageOutcome Compile(string? platform)
    {
        foreach (var instruction in _header.Body) _steps.AddRange(Dispatch(instruction));
        var stage = new BuildStage(_header.Name, _header.Index, _base, [.. _steps], _header.From.Location) { Platform = platform };
        return new StageOutcome(stage, _variables, _shell, _workdir);
    }

    private IReadOnlyList<BuildStep> Dispatch(RawInstruction instruction) => instruction.Keyword switch
    {
        "RUN" => [Run(instruction)],
        "COPY" => [Copy(instruction, isAdd: false)],
        "ADD" => [Copy(instruction, isAdd: true)],
        "ENV" => [Env(instruction)],
        "ARG" => Arg(instruction),
        "LABEL" => [Label(instruction)],
        "WORKDIR" => [Workdir(instruction)],
        "USER" => [new UserStep(instruction.Location, SingleArgument(instruction))],
        "STOPSIGNAL" => [new StopSignalStep(instruction.Location, SingleArgument(instruction))],
        "SHELL" => [Shell(instruction)],
        "CMD" => [new CmdStep(instruction.Location, CommandLine(instruction))],
        "ENTRYPOINT" => [new EntrypointStep(instruction.Location, CommandLine(instruction))],
        "EXPOSE" => [Expose(instruction)],
        "VOLUME" => [Volume(instruction)],
        "HEALTHCHECK" => [Healthcheck(instruction)],
        "ONBUILD" => [Onbuild(instruction)],
        _ => throw DockerfileInstructions.Unknown(instruction),
    };

    private string Expand(RawInstruction instruction, string text, int start)
    {
        try
        {
            return VariableSubstitution.Word(text, _variables.Lookup, _escape);
        }
        catch (SubstitutionException e)
        {
            throw new BuildSpecException(instruction.Line.Locate(start), e.Message);
        }
    }

    private string Expand(RawInstruction instruction, Word word) => Expand(instruction, word.Text, word.Start);

    private static void NoFlags(RawInstruction instruction) => new FlagSet().Parse(instruction.Keyword, instruction.Flags, instruction.Line);

    private EnvStep Env(RawInstruction instruction)
    {
        NoFlags(instruction);
        var variables = new List<KeyValuePair<string, string>>();
        foreach (var (key, value) in KeyValueArguments.Parse(instruction, _escape))
        {
            var name = Expand(instruction, key);
            if (name.Length == 0) throw new BuildSpecException(instruction.Line.Locate(key.Start), "ENV names can not be blank");
            var expanded = Expand(instruction, value);
            variables.Add(new(name, expanded));
        }
        // Substitution uses the values from before the instruction (ENV a=1 b=$a sees the old a), so set them afterwards.
        foreach (var (name, value) in variables) _variables.SetEnv(name, value);
        return new EnvStep(instruction.Location, variables);
    }

    private LabelStep Label(RawInstruction instruction)
    {
        NoFlags(instruction);
        var labels = new List<KeyValuePair<string, string>>();
        foreach (var (key, value) in KeyValueArguments.Parse(instruction, _escape))
        {
            var name = Expand(instruction, key);
            if (name.Length == 0) throw new BuildSpecException(instruction.Line.Locate(key.Start), "LABEL names can not be blank");
            labels.Add(new(name, Expand(instruction, value)));
        }
        return new LabelStep(instruction.Location, labels);
    }

    private IReadOnlyList<BuildStep> Arg(RawInstruction instruction)
    {
        NoFlags(instruction);
        var steps = new List<ArgStep>();
        foreach (var (nameWord, defaultWord) in KeyValueArguments.ParseArgs(instruction, _escape))
        {
            var name = nameWord.Text;
            var expandedDefault = defaultWord is null ? null : Expand(instruction, defaultWord);
            string? value;
            if (!GlobalArgs.IsPredefined(name) && _globals.BuildArgs.TryGetValue(name, out var given)) value = given;
            else if (expandedDefault is not null) value = expandedDefault;
            else value = _globals.Lookup(name);
            if (value is not null) _variables.SetArg(name, value);
            steps.Add(new ArgStep(instruction.Location, name, expandedDefault));
        }
        // One ArgStep per declared name: ARG a=1 b=2 declares two.
        return steps;
    }

    // Relative to the previous WORKDIR; over an image whose config is not known here the result stays relative (to the
    // image's own WorkingDir), relative WORKDIRs accumulating until an absolute one.
    private WorkdirStep Workdir(RawInstruction instruction)
    {
        var path = SingleArgument(instruction);
        _workdir = path.StartsWith('/') || _workdir is null ? UnixPath.Clean(path) : UnixPath.Join(_workdir, path);
        return new WorkdirStep(instruction.Location, _workdir);
    }

    private string SingleArgument(RawInstruction instruction)
    {
        NoFlags(instruction);
        if (instruction.Rest.Length == 0)
            throw new BuildSpecException(instruction.Location, $"{instruction.Keyword} requires exactly one argument");
        var value = Expand(instruction, instruction.Rest, instruction.RestStart);
        if (value.Length == 0)
            throw new BuildSpecException(instruction.RestLocation, $"{instruction.Keyword} is empty after substitution");
        return value;
    }

    private ShellStep Shell(RawInstruction instruction)
    {
        NoFlags(instruction);
        if (instruction.Json is null)
            throw new BuildSpecException(instruction.RestLocation, "SHELL requires the arguments to be in JSON form");
        if (instruction.Json.Count == 0) throw new BuildSpecException(instruction.RestLocation, "SHELL requires at least one argument");
        _shell = instruction.Json;
        return new ShellStep(instruction.Location, _shell);
    }
}
