using System.Text.Json.Serialization;

namespace Bock.Host.Volumes;

[JsonSerializable(typeof(VolumeMetadata))]
internal sealed partial class VolumeJsonContext : JsonSerializerContext;
