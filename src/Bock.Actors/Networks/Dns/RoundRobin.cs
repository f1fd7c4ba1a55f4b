using System.Collections.Immutable;
using System.Net;

namespace Bock.Actors.Networks.Dns;

/// <summary>
/// Rotates a name's addresses by one per query, so that clients taking the first address spread over a service's
/// replicas. The counters are per name (a global one would give a name always the same turn when a client alternates
/// between two names) and per socket loop or TCP connection: each is sequential, so no locks are needed. A name's first
/// turn is random, or every container's first lookup (and every one-query TCP connection) would pick the same replica.
/// Not thread-safe.
/// </summary>
internal sealed class RoundRobin(Func<uint>? firstTurn = null)
{
    // A bound on memory when a client asks for many names: forgetting the turns only restarts the rotation.
    private const int MaxNames = 4096;

    private readonly Dictionary<string, uint> _turns = new(StringComparer.Ordinal);
    private readonly Func<uint> _firstTurn = firstTurn ?? (() => (uint)Random.Shared.Next());

    public IPAddress[] Rotate(string name, ImmutableArray<IPAddress> addresses)
    {
        if (addresses.Length < 2) return [.. addresses];
        var key = DnsName.Normalize(name);
        if (!_turns.TryGetValue(key, out var turn))
        {
            if (_turns.Count >= MaxNames) _turns.Clear();
            turn = _firstTurn();
        }
        _turns[key] = turn + 1;
        var start = (int)(turn % (uint)addresses.Length);
        return [.. addresses[start..], .. addresses[..start]];
    }
}
