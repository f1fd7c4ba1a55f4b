using Bock.Host.Storage;

namespace Bock.Host.Containers;

/// <summary>
/// The containers' records in bock.db's <c>containers</c> table (<c>&lt;root&gt;/bock.db</c>), so that a restarted bockd
/// knows its containers and re-attaches to their shims. Used by one actor (<see cref="ContainerDirectory"/>) only.
/// </summary>
public sealed class ContainerStore(string path) : IDisposable
{
    private readonly JsonRecordTable<StoredContainer> _table = new(path, "containers", ContainerStoreJsonContext.Default.StoredContainer);

    public static string PathUnder(string root) => System.IO.Path.Combine(root, "bock.db");

    public IReadOnlyList<ContainerRecord> LoadAll() => [.. _table.LoadAll().Select(s => s.ToRecord())];

    public void Save(ContainerRecord record) => _table.Save(record.Id, StoredContainer.From(record));

    public void Delete(string id) => _table.Delete(id);

    public void Dispose() => _table.Dispose();
}
