using System.Collections.Immutable;
using Bock.Builder.Graph;

namespace Bock.Builder.Bockfile;

/// <summary>The <c>steps:</c> list: each step is a mapping with exactly one kind key and that kind's options.</summary>
internal sealed partial class StageCompiler
{
    private static readonly string[] StepKinds = ["run", "copy", "add", "file", "env", "workdir", "user", "arg", "shell"];

    private static readonly Dictionary<string, string[]> StepOptions = new(StringComparer.Ordinal)
    {
        ["run"] = ["mounts", "network"],
        ["copy"] = ["to", "from", "chown", "chmod", "link", "exclude"],
        ["add"] = ["to", "chown", "chmod", "link", "exclude", "checksum"],
        ["file"] = ["content", "chown", "chmod", "expand"],
        ["env"] = [], ["workdir"] = [], ["user"] = [], ["arg"] = [], ["shell"] = [],
    };

    private void CompileStep(SpecNode node)
    {
        if (node is not SpecMapping mapping) throw node.Error($"a step must be a mapping such as 'run: …', not {node.Describe}");
        var kinds = mapping.Entries.Where(e => StepKinds.Contains(e.Key.Value)).ToList();
        if (kinds.Count == 0)
        {
            // Point at the key that looks like a misspelt kind, if one does.
            var misspelt = mapping.Entries.Select(e => (e.Key, Near: NearestName.Find(e.Key.Value, StepKinds))).FirstOrDefault(k => k.Near is not null);
            var hint = misspelt.Near is null ? "" : $"; did you mean '{misspelt.Near}'?";
            throw ((SpecNode?)misspelt.Key ?? mapping).Error($"a step needs one of {string.Join(", ", StepKinds)}{hint}");
        }
        if (kinds.Count > 1) throw kinds[1].Key.Error($"a step has one kind; this one has both '{kinds[0].Key.Value}' and '{kinds[1].Key.Value}'");

        var kind = kinds[0].Key.Value;
        var fields = new SpecFields(mapping, $"a {kind} step", [kind, .. StepOptions[kind]]);
        var value = fields.Required(kind);
        var at = mapping.Location;
        switch (kind)
        {
            case "run": _steps.Add(Run(at, value, fields)); break;
            case "copy": _steps.Add(Copy(at, value, fields, isAdd: false)); break;
            case "add": _steps.Add(Copy(at, value, fields, isAdd: true)); break;
            case "file": _steps.Add(File(at, value, fields)); break;
            case "env": _steps.Add(Env(at, value)); break;
            case "workdir": _steps.Add(new WorkdirStep(at, Expand(value, "workdir"))); break;
            case "user": _steps.Add(new UserStep(at, Expand(value, "user"))); break;
            case "arg": _steps.Add(Arg(at, value)); break;
            default: _steps.Add(Shell(at, value)); break;
        }
    }

    private EnvStep Env(SourceLocation at, SpecNode value)
    {
        // All values see the scope before the step, as in one ENV instruction.
        var variables = SpecValues.ScalarMap(value, "env").Select(e =>
        {
            // Docker takes any name without '=' or blanks; only identifier-like names can be substituted later.
            if (e.Key.Value.Length == 0 || e.Key.Value.Any(c => c == '=' || char.IsWhiteSpace(c)))
                throw e.Key.Error($"'{e.Key.Value}' is not a variable name");
            return KeyValuePair.Create(e.Key.Value, Expand(e.Value));
        }).ToList();
        _scope = _scope with { Env = _scope.Env.SetItems(variables) };
        return new EnvStep(at, variables);
    }

    /// <summary>
    /// Brings a top-level arg into the stage (<c>arg: NAME</c>), optionally with a stage default
    /// (<c>arg: {name: NAME, default: …}</c>): <c>--build-arg</c> wins, then the stage default, then the top-level one.
    /// </summary>
    private ArgStep Arg(SourceLocation at, SpecNode value)
    {
        SpecScalar nameNode;
        string? stageDefault = null;
        SpecNode? defaultNode = null;
        if (value is SpecMapping)
        {
            var fields = new SpecFields(value, "an arg step", ["name", "default"]);
            nameNode = SpecValues.Scalar(fields.Required("name"), "name");
            defaultNode = fields.Optional("default");
            if (defaultNode is not null) stageDefault = Expand(defaultNode, "default");
        }
        else
        {
            nameNode = SpecValues.Scalar(value, "arg");
        }

        var name = nameNode.Value;
        if (!_args.Declared.TryGetValue(name, out var declaration))
            throw nameNode.Error($"arg '{name}' is not declared in the top-level args{NearestName.Hint(name, _args.Declared.Keys)}");
        if (stageDefault is not null && declaration.Refuse(stageDefault) is { } why)
            throw defaultNode!.Error($"default of arg '{name}': {why}");

        var resolved = _args.Given.TryGetValue(name, out var given) ? given : stageDefault ?? declaration.Default;
        _scope = _scope with { Args = resolved is null ? _scope.Args.Remove(name) : _scope.Args.SetItem(name, resolved) };
        return new ArgStep(at, name, stageDefault);
    }

    private ShellStep Shell(SourceLocation at, SpecNode value)
    {
        var shell = SpecValues.ScalarList(value, "shell", allowSingle: false).Select(s => s.Value).ToImmutableArray();
        if (shell.IsEmpty) throw value.Error("shell needs at least the program, e.g. [/bin/bash, -c]");
        _scope = _scope with { Shell = shell };
        return new ShellStep(at, shell);
    }

    /// <summary>A command as a string (shell form) or a list (exec form).</summary>
    private static (IReadOnlyList<string> Command, bool ShellForm) Command(SpecNode value, string what) => value switch
    {
        SpecScalar scalar => ([SpecValues.Text(scalar, what)], true),
        SpecSequence { Items.Count: > 0 } => ([.. SpecValues.ScalarList(value, what).Select(s => s.Value)], false),
        _ => throw value.Error($"{what} must be a command line or a non-empty list of arguments, not {value.Describe}"),
    };
}
