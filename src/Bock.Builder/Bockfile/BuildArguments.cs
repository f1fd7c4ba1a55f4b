using System.Text.RegularExpressions;
using Bock.Builder.Graph;

namespace Bock.Builder.Bockfile;

/// <summary>
/// The declared args and their values for this build: <c>--build-arg</c> values over defaults, each checked against
/// its type. A <c>--build-arg</c> error is reported at the arg's declaration (the command line has no line and column),
/// its reason starting with <c>--build-arg NAME=value</c> so the user sees which side is wrong.
/// </summary>
internal sealed partial class BuildArguments
{
    private static readonly string[] ArgKeys = ["type", "default", "description", "required", "values"];

    private BuildArguments(IReadOnlyDictionary<string, ArgDeclaration> declared, IReadOnlyDictionary<string, string> given)
    {
        Declared = declared;
        Given = given;
    }

    public IReadOnlyDictionary<string, ArgDeclaration> Declared { get; }

    /// <summary>The <c>--build-arg</c> values, all declared and well typed.</summary>
    public IReadOnlyDictionary<string, string> Given { get; }

    /// <summary>The value of a top-level arg: given, else its default, else unset (null).</summary>
    public string? GlobalValue(string name) =>
        Given.TryGetValue(name, out var given) ? given : Declared.TryGetValue(name, out var d) ? d.Default : null;

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    public static partial Regex NamePattern();

    /// <summary>The declarations of a Bockfile's top-level <c>args</c>, each checked on its own.</summary>
    public static IReadOnlyDictionary<string, ArgDeclaration> Declare(SpecNode? args)
    {
        var declared = new Dictionary<string, ArgDeclaration>(StringComparer.Ordinal);
        if (args is null) return declared;
        if (args is not SpecMapping mapping) throw args.Error($"args must be a mapping of names to declarations, not {args.Describe}");
        foreach (var entry in mapping.Entries)
        {
            var declaration = ReadDeclaration(entry);
            declared.Add(declaration.Name, declaration);
        }
        return declared;
    }

    /// <summary>The declarations with this build's <c>--build-arg</c> values, which must be declared, well typed, and cover the required args.</summary>
    public static BuildArguments Read(SpecNode? args, SpecNode root, IReadOnlyDictionary<string, string> buildArgs)
    {
        var declared = Declare(args);
        foreach (var (name, value) in buildArgs.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            if (!declared.TryGetValue(name, out var declaration))
                throw (args ?? root).Error($"--build-arg {name}: no such arg in args{NearestName.Hint(name, declared.Keys)}");
            if (declaration.Refuse(value) is { } why)
                throw new BuildSpecException(declaration.Location, $"--build-arg {name}={value}: {why}");
        }
        foreach (var declaration in declared.Values.Where(d => d.Required && !buildArgs.ContainsKey(d.Name)))
            throw new BuildSpecException(declaration.Location, $"arg '{declaration.Name}' is required: give it with --build-arg {declaration.Name}=…");

        return new BuildArguments(declared, buildArgs);
    }

    private static ArgDeclaration ReadDeclaration(SpecEntry entry)
    {
        var name = entry.Key.Value;
        if (!NamePattern().IsMatch(name))
            throw entry.Key.Error($"'{name}' is not an arg name (letters, digits and _, not starting with a digit)");

        // Shorthand: NAME: value is a string arg with that default.
        if (entry.Value is SpecScalar scalar)
            return new ArgDeclaration(name, ArgType.String, scalar.IsNull ? null : scalar.Value, null, false, [], entry.Key.Location);

        var fields = new SpecFields(entry.Value, $"arg '{name}'", ArgKeys);
        var type = fields.Optional("type") is { } typeNode
            ? SpecValues.Text(typeNode, "type") switch
            {
                "string" => ArgType.String,
                "int" => ArgType.Int,
                "bool" => ArgType.Bool,
                "enum" => ArgType.Enum,
                var other => throw typeNode.Error($"unknown arg type '{other}': string, int, bool or enum{NearestName.Hint(other, ["string", "int", "bool", "enum"])}"),
            }
            : ArgType.String;
        var values = fields.Optional("values") is { } valuesNode
            ? SpecValues.ScalarList(valuesNode, "values", allowSingle: false).Select(v => v.Value).ToList()
            : [];
        if (type == ArgType.Enum && values.Count == 0) throw (fields.Optional("type") ?? entry.Key).Error($"enum arg '{name}' needs 'values'");
        if (type != ArgType.Enum && values.Count > 0) throw fields.KeyOf("values").Error($"'values' is only for enum args; '{name}' is {type.ToString().ToLowerInvariant()}");

        var required = fields.Optional("required") is { } requiredNode && SpecValues.Bool(requiredNode, "required");
        var defaultNode = fields.Optional("default");
        if (required && defaultNode is not null) throw defaultNode.Error($"arg '{name}' is required and so cannot have a default");

        var declaration = new ArgDeclaration(name, type, defaultNode is null ? null : SpecValues.Text(defaultNode, "default"),
            fields.Optional("description") is { } d ? SpecValues.Text(d, "description") : null, required, values, entry.Key.Location);
        if (declaration.Default is { } value && declaration.Refuse(value) is { } why)
            throw defaultNode!.Error($"default of arg '{name}': {why}");
        return declaration;
    }
}
