using System.Text.Json.Serialization;

namespace Bock.Host.Containers;

/// <summary>Source-generated JSON for bock.db's records.</summary>
[JsonSerializable(typeof(StoredContainer))]
internal sealed partial class ContainerStoreJsonContext : JsonSerializerContext;
