namespace Bock.Builder.Execution;

/// <summary>
/// Who uses which cache mount directory right now, across the daemon's builds, for <c>--mount=type=cache,sharing=</c>:
/// <c>shared</c> (the default) lets every RUN use it at once; <c>private</c> takes the first instance of the cache no
/// RUN is using (<c>&lt;dir&gt;</c>, then <c>&lt;dir&gt;.1</c>, <c>.2</c>…, kept for later builds as BuildKit keeps
/// them); <c>locked</c> waits until the
/// <c>locked</c> RUN that holds it ends.
/// </summary>
internal static class CacheMountLeases
{
    private static readonly object Gate = new();
    private static readonly Dictionary<string, int> InUse = new(StringComparer.Ordinal);
    private static readonly Dictionary<string, SemaphoreSlim> Locks = new(StringComparer.Ordinal);

    /// <returns>The directory to mount and the lease to dispose when the RUN is over.</returns>
    public static async Task<(string Directory, IDisposable Lease)> AcquireAsync(string directory, string? sharing, CancellationToken ct)
    {
        switch (sharing)
        {
            case "private":
                lock (Gate)
                {
                    for (var instance = 0; ; instance++)
                    {
                        var candidate = instance == 0 ? directory : directory + "." + instance;
                        if (InUse.GetValueOrDefault(candidate) > 0) continue;
                        InUse[candidate] = 1;
                        return (candidate, new Lease(candidate, null));
                    }
                }
            case "locked":
                SemaphoreSlim semaphore;
                lock (Gate)
                {
                    if (!Locks.TryGetValue(directory, out semaphore!)) Locks[directory] = semaphore = new SemaphoreSlim(1, 1);
                }
                await semaphore.WaitAsync(ct);
                lock (Gate) InUse[directory] = InUse.GetValueOrDefault(directory) + 1;
                return (directory, new Lease(directory, semaphore));
            default:
                lock (Gate) InUse[directory] = InUse.GetValueOrDefault(directory) + 1;
                return (directory, new Lease(directory, null));
        }
    }

    private sealed class Lease(string directory, SemaphoreSlim? semaphore) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
            lock (Gate)
            {
                if (InUse.GetValueOrDefault(directory) <= 1) InUse.Remove(directory);
                else InUse[directory]--;
            }
            semaphore?.Release();
        }
    }
}
