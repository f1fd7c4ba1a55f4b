using System.Collections.Immutable;
using System.Net;

namespace Bock.Actors.Networks.Dns;

/// <summary>
/// Rotates a name's addresses by one per query, so that clients taking the first address spread over a service's
/// replicas. The counters are per name (a global one would give a name always the same turn when a client alternates
/// between two names) and per socket loop: each loop is sequential, so no locks are needed. Not thread-safe.
/// </summary>
internal sealed class RoundRobin
{
    // A bound on memory when a client asks for many names: forgetting the turns only restarts the rotation.
    private const int MaxNames = 4096;

    private readonly Dictionary<string, uint> _turns = new(StringComparer.Ordinal);

    public IPAddress[] Rotate(string name, ImmutableArray<IPAddress> addresses)
    {
        if (addresses.Length < 2) return [.. addresses];
        var key = DnsName.Normalize(name);
        if (!_turns.TryGetValue(key, out var turn) && _turns.Count >= MaxNames) _turns.Clear();
        _turns[key] = turn + 1;
        var start = (int)(turn % (uint)addresses.Length);
        return [.. addresses[start..], .. addresses[..start]];
    }
}
