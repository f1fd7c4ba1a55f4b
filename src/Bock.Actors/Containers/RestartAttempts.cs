namespace Bock.Actors.Containers;

/// <summary>
/// The restarts a bounded policy has allowed, by time: at most <see cref="RestartPolicy.MaxRetries"/> of them in all,
/// or within the policy's sliding <see cref="RestartPolicy.Window"/> when it has one (swarmkit's restart history).
/// An unbounded policy always has one more. One owner uses it (an actor, or the strategy of one BackoffSupervisor).
/// </summary>
public sealed class RestartAttempts(RestartPolicy policy)
{
    private readonly Queue<DateTimeOffset> _taken = new();

    /// <summary>Whether the policy allows one more restart at <paramref name="now"/>.</summary>
    public bool CanTake(DateTimeOffset now)
    {
        if (policy.MaxRetries is not (> 0 and var max)) return true;
        if (policy.Window is { } window)
            while (_taken.TryPeek(out var oldest) && oldest <= now - window)
                _taken.Dequeue();
        return _taken.Count < max;
    }

    /// <summary>Counts a restart decided at <paramref name="at"/>.</summary>
    public void Take(DateTimeOffset at)
    {
        if (policy.IsBounded) _taken.Enqueue(at);
    }

    /// <summary>Takes one restart if the policy has one left at <paramref name="now"/>; false when it gives up.</summary>
    public bool TryTake(DateTimeOffset now)
    {
        if (!CanTake(now)) return false;
        Take(now);
        return true;
    }
}
