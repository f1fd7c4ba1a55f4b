using System.Text.Json.Serialization;

namespace Bock.Oci.Runtime;

[JsonSourceGenerationOptions(WriteIndented = false, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ContainerRecord))]
[JsonSerializable(typeof(InitRequest))]
[JsonSerializable(typeof(SyncMessage))]
[JsonSerializable(typeof(List<ContainerListEntry>))]
[JsonSerializable(typeof(List<int>))]
[JsonSerializable(typeof(LogLine))]
internal sealed partial class OciJsonContext : JsonSerializerContext;
