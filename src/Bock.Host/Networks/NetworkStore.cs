using System.Text.Json;
using Bock.Actors.Networks;
using Microsoft.Data.Sqlite;

namespace Bock.Host.Networks;

/// <summary>
/// The networks in bock.db's <c>networks</c> table, beside the containers. Each change is its own transaction.
/// Used by the <see cref="NetworkDirectory"/> alone.
/// </summary>
public sealed class NetworkStore : INetworkStore, IDisposable
{
    private readonly SqliteConnection _connection;

    public NetworkStore(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _connection.Open();
        Execute("PRAGMA journal_mode=WAL");
        Execute("CREATE TABLE IF NOT EXISTS networks (id TEXT PRIMARY KEY, record TEXT NOT NULL)");
    }

    public IReadOnlyList<NetworkConfig> LoadAll()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT record FROM networks";
        using var reader = command.ExecuteReader();
        List<NetworkConfig> networks = [];
        while (reader.Read())
            if (JsonSerializer.Deserialize(reader.GetString(0), NetworkStoreJsonContext.Default.StoredNetwork) is { } stored)
                networks.Add(stored.ToConfig());
        return networks;
    }

    public void Save(NetworkConfig network)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "INSERT INTO networks (id, record) VALUES ($id, $record) ON CONFLICT(id) DO UPDATE SET record = excluded.record";
        command.Parameters.AddWithValue("$id", network.Id);
        command.Parameters.AddWithValue("$record", JsonSerializer.Serialize(StoredNetwork.From(network), NetworkStoreJsonContext.Default.StoredNetwork));
        command.ExecuteNonQuery();
    }

    public void Delete(string id)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "DELETE FROM networks WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        command.ExecuteNonQuery();
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public void Dispose() => _connection.Dispose();
}
