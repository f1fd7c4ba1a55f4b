using Bock.Builder.Graph;

namespace Bock.Builder.Bockfile;

/// <summary>
/// One entry of the Bockfile's top-level <c>args</c>: the only place a build arg is declared, so its type and
/// documentation live in one spot (a stage's <c>arg</c> step only brings it into scope).
/// </summary>
public sealed record ArgDeclaration(string Name, ArgType Type, string? Default, string? Description, bool Required,
    IReadOnlyList<string> Values, SourceLocation Location)
{
    /// <summary>Why <paramref name="value"/> is not a value of this arg, or null when it is.</summary>
    public string? Refuse(string value) => Type switch
    {
        ArgType.Int when !IsInt(value) => $"'{value}' is not an int",
        ArgType.Bool when value is not ("true" or "false") => $"'{value}' is not a bool (true or false)",
        ArgType.Enum when !Values.Contains(value) => $"'{value}' is not one of {string.Join(", ", Values)}",
        _ => null,
    };

    private static bool IsInt(string value) =>
        value.Length > 0 && long.TryParse(value, System.Globalization.NumberStyles.AllowLeadingSign,
            System.Globalization.CultureInfo.InvariantCulture, out _);
}
