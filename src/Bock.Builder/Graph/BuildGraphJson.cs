using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bock.Builder.Graph;

/// <summary>
/// The canonical JSON of a <see cref="BuildGraph"/>: what the test corpus's expected graphs are written in and
/// compared against (indented, snake_case, nulls and empty defaults left out).
/// </summary>
public static class BuildGraphJson
{
    public static string Serialize(BuildGraph graph) => JsonSerializer.Serialize(graph, BuildGraphJsonContext.Default.BuildGraph);
}

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault)]
[JsonSerializable(typeof(BuildGraph))]
internal sealed partial class BuildGraphJsonContext : JsonSerializerContext;
