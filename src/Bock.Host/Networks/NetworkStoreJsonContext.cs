using System.Text.Json.Serialization;

namespace Bock.Host.Networks;

[JsonSerializable(typeof(StoredNetwork))]
internal sealed partial class NetworkStoreJsonContext : JsonSerializerContext;
