namespace Bock.Images.Tests.Support;

/// <summary>An IProgress that reports on the caller's thread (Progress&lt;T&gt; posts, so events would arrive late).</summary>
public sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    private readonly Lock _lock = new();

    public void Report(T value)
    {
        lock (_lock)
            report(value);
    }
}
