using System.Text.Json.Serialization;

namespace Bock.Host.Containers;

public sealed record SeccompRuleFilter
{
    [JsonPropertyName("caps")] public IReadOnlyList<string>? Caps { get; init; }
    [JsonPropertyName("arches")] public IReadOnlyList<string>? Arches { get; init; }
}
