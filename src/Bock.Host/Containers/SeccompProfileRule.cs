using System.Text.Json.Serialization;
using Bock.Kernel.Spec;

namespace Bock.Host.Containers;

public sealed record SeccompProfileRule
{
    [JsonPropertyName("names")] public IReadOnlyList<string>? Names { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("action")] public string Action { get; init; } = "";
    [JsonPropertyName("errnoRet")] public uint? ErrnoRet { get; init; }
    [JsonPropertyName("args")] public IReadOnlyList<SeccompArgSpec>? Args { get; init; }
    [JsonPropertyName("includes")] public SeccompRuleFilter? Includes { get; init; }
    [JsonPropertyName("excludes")] public SeccompRuleFilter? Excludes { get; init; }
}
