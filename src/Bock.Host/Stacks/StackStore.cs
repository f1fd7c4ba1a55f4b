using System.Text.Json.Serialization;
using Bock.Host.Storage;
using Bockrose.Stacks;

namespace Bock.Host.Stacks;

/// <summary>The stacks' desired states in bock.db's <c>stacks</c> table. Used by the <see cref="StackDirectory"/> alone.</summary>
public sealed class StackStore(string path) : IStackStore, IDisposable
{
    private readonly JsonRecordTable<StoredStack> _table = new(path, "stacks", StackStoreJsonContext.Default.StoredStack);

    public IReadOnlyList<StoredStack> LoadAll() => _table.LoadAll();

    public void Save(StoredStack stack) => _table.Save(stack.Name, stack);

    public void Delete(string name) => _table.Delete(name);

    public void Dispose() => _table.Dispose();
}

[JsonSerializable(typeof(StoredStack))]
internal sealed partial class StackStoreJsonContext : JsonSerializerContext;
