using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Bock.Host.Containers;

/// <summary>
/// The containers' records in SQLite (<c>&lt;root&gt;/bock.db</c>), so that a restarted bockd knows its containers and
/// re-attaches to their shims. Each change is its own committed transaction (WAL): a daemon killed at any moment
/// loses no record it had acknowledged. Used by one actor (<see cref="ContainerDirectory"/>) only.
/// </summary>
public sealed class ContainerStore : IDisposable
{
    private readonly SqliteConnection _connection;

    public ContainerStore(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _connection.Open();
        Execute("PRAGMA journal_mode=WAL");
        Execute("PRAGMA synchronous=NORMAL");
        Execute("CREATE TABLE IF NOT EXISTS containers (id TEXT PRIMARY KEY, record TEXT NOT NULL)");
    }

    public static string PathUnder(string root) => System.IO.Path.Combine(root, "bock.db");

    public IReadOnlyList<ContainerRecord> LoadAll()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT record FROM containers";
        using var reader = command.ExecuteReader();
        List<ContainerRecord> records = [];
        while (reader.Read())
            if (JsonSerializer.Deserialize(reader.GetString(0), ContainerStoreJsonContext.Default.StoredContainer) is { } stored)
                records.Add(stored.ToRecord());
        return records;
    }

    public void Save(ContainerRecord record)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "INSERT INTO containers (id, record) VALUES ($id, $record) ON CONFLICT(id) DO UPDATE SET record = excluded.record";
        command.Parameters.AddWithValue("$id", record.Id);
        command.Parameters.AddWithValue("$record", JsonSerializer.Serialize(StoredContainer.From(record), ContainerStoreJsonContext.Default.StoredContainer));
        command.ExecuteNonQuery();
    }

    public void Delete(string id)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "DELETE FROM containers WHERE id = $id";
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
