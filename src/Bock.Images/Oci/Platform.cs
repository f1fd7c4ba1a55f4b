using System.Runtime.InteropServices;
using System.Text.Json.Serialization;

namespace Bock.Images.Oci;

/// <summary>os/architecture[/variant] of an image, as in an index entry or <c>--platform linux/arm64/v8</c>.</summary>
public sealed record Platform
{
    [JsonPropertyName("architecture")] public required string Architecture { get; init; }
    [JsonPropertyName("os")] public required string Os { get; init; }
    [JsonPropertyName("os.version"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? OsVersion { get; init; }
    [JsonPropertyName("variant"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Variant { get; init; }

    public static Platform Host => new()
    {
        Os = "linux",
        Architecture = RuntimeInformation.OSArchitecture switch
        {
            System.Runtime.InteropServices.Architecture.Arm64 => "arm64",
            System.Runtime.InteropServices.Architecture.Arm => "arm",
            _ => "amd64",
        },
    };

    public static Platform Parse(string text)
    {
        string[] parts = text.Split('/');
        if (parts.Length is < 2 or > 3 || parts.Any(p => p.Length == 0))
            throw new FormatException($"invalid platform '{text}' (expected os/arch[/variant], e.g. linux/amd64)");
        return new Platform { Os = parts[0], Architecture = parts[1], Variant = parts.Length == 3 ? parts[2] : null };
    }

    /// <summary>True when <paramref name="candidate"/> runs here; a missing variant matches any variant.</summary>
    public bool Matches(Platform? candidate) => candidate is not null
        && candidate.Os == Os && candidate.Architecture == Architecture
        && (Variant is null || candidate.Variant is null || candidate.Variant == Variant);

    public override string ToString() => $"{Os}/{Architecture}" + (Variant is null ? "" : "/" + Variant);
}
