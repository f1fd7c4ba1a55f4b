using System.Text.Json.Serialization;
using Bock.Host.Containers;
using Bock.Host.Volumes;

namespace Bock.Host;

/// <summary>Source-generated JSON for bockd's own files: volume metadata and Docker seccomp profiles.</summary>
[JsonSerializable(typeof(VolumeMetadata))]
[JsonSerializable(typeof(SeccompProfile))]
internal sealed partial class HostJsonContext : JsonSerializerContext;
