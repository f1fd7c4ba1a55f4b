using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Data.Sqlite;

namespace Bock.Host.Storage;

/// <summary>
/// One table of bock.db holding records as JSON by id. Each change is its own committed transaction (WAL): a daemon
/// killed at any moment loses no record it had acknowledged. Used by one actor at a time, as SQLite connections are.
/// </summary>
public sealed class JsonRecordTable<T> : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly string _table;
    private readonly JsonTypeInfo<T> _type;

    /// <param name="table">A fixed name from code (it is put into the SQL as is).</param>
    public JsonRecordTable(string path, string table, JsonTypeInfo<T> type)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        _table = table;
        _type = type;
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _connection.Open();
        Execute("PRAGMA journal_mode=WAL");
        Execute("PRAGMA synchronous=NORMAL");
        Execute($"CREATE TABLE IF NOT EXISTS {_table} (id TEXT PRIMARY KEY, record TEXT NOT NULL)");
    }

    public IReadOnlyList<T> LoadAll()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = $"SELECT record FROM {_table}";
        using var reader = command.ExecuteReader();
        List<T> records = [];
        while (reader.Read())
            if (JsonSerializer.Deserialize(reader.GetString(0), _type) is { } record)
                records.Add(record);
        return records;
    }

    public void Save(string id, T record)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = $"INSERT INTO {_table} (id, record) VALUES ($id, $record) ON CONFLICT(id) DO UPDATE SET record = excluded.record";
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$record", JsonSerializer.Serialize(record, _type));
        command.ExecuteNonQuery();
    }

    public void Delete(string id)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = $"DELETE FROM {_table} WHERE id = $id";
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
