using System.Text.Json.Serialization;

namespace Bock.Oci.Shim;

[JsonSourceGenerationOptions(WriteIndented = false)]
[JsonSerializable(typeof(LogEntry))]
[JsonSerializable(typeof(ExitRecord))]
[JsonSerializable(typeof(ShimOptions))]
internal sealed partial class ShimJsonContext : JsonSerializerContext;
