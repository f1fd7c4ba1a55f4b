using Bock.Api.Dtos;
using Bockrose.Compose.Model;

namespace Bockrose.Stacks;

/// <summary>
/// A stack's desired state: the request it was loaded from (kept, so a restarted bockd loads the files again), the
/// resolved model, the files it came from and the replica counts asked for with --scale or /scale.
/// </summary>
public sealed record StackDefinition(StackRequest Request, Project Project, IReadOnlyList<string> ConfigFiles, IReadOnlyDictionary<string, int> Scale)
{
    public string Name => Project.Name;

    /// <summary>
    /// The values of the variables that <c>environment:</c> secrets and configs read, taken at load (the client's
    /// environment and the .env files); bockd writes them to files, never to a label or a container's Env.
    /// </summary>
    public IReadOnlyDictionary<string, string> FileVariables { get; init; } = new Dictionary<string, string>();

    /// <summary>--scale, else deploy.replicas, else scale:, else one.</summary>
    public int ReplicasOf(Service service) =>
        Scale.TryGetValue(service.Name, out var n) ? n : service.Deploy?.Replicas ?? service.Options.Scale ?? 1;

    public StoredStack ToStored() => new(Name, Request, Scale);
}

/// <summary>What bock.db keeps of a stack: enough to load it again and scale it as it was.</summary>
public sealed record StoredStack(string Name, StackRequest Request, IReadOnlyDictionary<string, int> Scale);

/// <summary>bock.db's <c>stacks</c> table, used by the <see cref="StackDirectory"/> alone.</summary>
public interface IStackStore
{
    IReadOnlyList<StoredStack> LoadAll();

    void Save(StoredStack stack);

    void Delete(string name);
}

/// <summary>No persistence (unit tests).</summary>
public sealed class NoStackStore : IStackStore
{
    public IReadOnlyList<StoredStack> LoadAll() => [];

    public void Save(StoredStack stack) { }

    public void Delete(string name) { }
}
