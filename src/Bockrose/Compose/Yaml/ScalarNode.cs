using System.Globalization;
using System.Text.Json.Nodes;

namespace Bockrose.Compose.Yaml;

/// <summary>
/// A scalar. <see cref="Plain"/> scalars are typed by the YAML 1.2 core schema (as compose's Go YAML parser does);
/// quoted ones are always strings.
/// </summary>
internal sealed record ScalarNode(string Value, bool Plain, SourceLocation Location) : ComposeNode(Location)
{
    /// <summary>The value came from interpolation: typed as a string for the schema, cast later where needed.</summary>
    public bool Interpolated { get; init; }

    // An interpolated value is a string, even when the variable was empty.
    public bool IsNull => Plain && !Interpolated && Value is "" or "~" or "null" or "Null" or "NULL";

    public bool? AsBool() => !Plain ? null : Value switch
    {
        "true" or "True" or "TRUE" => true,
        "false" or "False" or "FALSE" => false,
        _ => null,
    };

    public long? AsInteger()
    {
        if (!Plain) return null;
        var v = Value;
        if (v.StartsWith("0x", StringComparison.Ordinal) &&
            long.TryParse(v.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex)) return hex;
        if (v.StartsWith("0o", StringComparison.Ordinal))
        {
            try { return Convert.ToInt64(v[2..], 8); } catch (FormatException) { return null; }
        }
        return v.Length > 0 && (char.IsDigit(v[0]) || (v.Length > 1 && v[0] is '-' or '+' && char.IsDigit(v[1]))) &&
               long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : null;
    }

    public double? AsFloat()
    {
        if (!Plain || AsInteger() is not null) return null;
        var v = Value;
        if (v is ".inf" or ".Inf" or "+.inf") return double.PositiveInfinity;
        if (v is "-.inf" or "-.Inf") return double.NegativeInfinity;
        var numeric = v.Length > 0 && v.All(c => char.IsDigit(c) || c is '.' or '-' or '+' or 'e' or 'E') && v.Any(char.IsDigit);
        return numeric && double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;
    }

    /// <summary>The value as JSON with its resolved YAML type, for the schema validator.</summary>
    public JsonNode? ToJson()
    {
        if (IsNull) return null;
        if (Interpolated) return JsonValue.Create(Value);
        if (AsBool() is { } b) return JsonValue.Create(b);
        if (AsInteger() is { } i) return JsonValue.Create(i);
        if (AsFloat() is { } f && double.IsFinite(f)) return JsonValue.Create(f);
        return JsonValue.Create(Value);
    }

    /// <summary>The text a Go program reading the value as a string would see (bools and numbers as written).</summary>
    public string? Text => IsNull ? null : Value;
}
