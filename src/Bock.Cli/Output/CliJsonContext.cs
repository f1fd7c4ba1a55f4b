using System.Text.Json.Serialization;

namespace Bock.Cli.Output;

/// <summary>Source-generated JSON for the CLI's own bits (NativeAOT: no reflection).</summary>
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(System.Text.Json.JsonElement))]
[JsonSourceGenerationOptions(WriteIndented = true)]
internal sealed partial class CliJsonContext : JsonSerializerContext;
