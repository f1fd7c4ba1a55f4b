using Bock.Actors.Networks;
using Bock.Host.Storage;

namespace Bock.Host.Networks;

/// <summary>The networks in bock.db's <c>networks</c> table, beside the containers. Used by the <see cref="NetworkDirectory"/> alone.</summary>
public sealed class NetworkStore(string path) : INetworkStore, IDisposable
{
    private readonly JsonRecordTable<StoredNetwork> _table = new(path, "networks", NetworkStoreJsonContext.Default.StoredNetwork);

    public IReadOnlyList<NetworkConfig> LoadAll() => [.. _table.LoadAll().Select(s => s.ToConfig())];

    public void Save(NetworkConfig network) => _table.Save(network.Id, StoredNetwork.From(network));

    public void Delete(string id) => _table.Delete(id);

    public void Dispose() => _table.Dispose();
}
