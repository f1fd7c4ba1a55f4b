using Bock.Images.Store;

namespace Bock.Builder.Execution;

/// <summary>
/// What every actor of one build shares: the request, the store, the cache, the daemon's images and containers, the
/// observer, and the build's scratch directory (<c>&lt;root&gt;/builder/work/&lt;build&gt;</c>, removed at the end).
/// </summary>
public sealed class BuildEnvironment
{
    private int _vertex;

    public BuildEnvironment(BuildRequest request, ImageStore store, IBuildImages images, IRunContainers containers, IBuildObserver observer)
    {
        Request = request;
        Store = store;
        Images = images;
        Containers = containers;
        Observer = observer;
        BuilderRoot = Path.Combine(store.Root, "builder");
        Cache = new BuildCache(Path.Combine(BuilderRoot, "cache"));
        // Under the store's root: an upper dir moves into snapshots/ by a rename.
        WorkDirectory = Path.Combine(BuilderRoot, "work", Guid.NewGuid().ToString("N")[..16]);
        Directory.CreateDirectory(WorkDirectory);
    }

    public BuildRequest Request { get; }
    public ImageStore Store { get; }
    public IBuildImages Images { get; }
    public IRunContainers Containers { get; }
    public IBuildObserver Observer { get; }
    public BuildCache Cache { get; }
    public string BuilderRoot { get; }
    public string WorkDirectory { get; }

    /// <summary><c>&lt;root&gt;/builder/cache-mounts/&lt;id&gt;</c>: RUN --mount=type=cache dirs, kept between builds.</summary>
    public string CacheMountsDirectory => Path.Combine(BuilderRoot, "cache-mounts");

    /// <summary>BuildKit numbers its vertices in the order they start; so do we, across stages.</summary>
    public int NextVertex() => Interlocked.Increment(ref _vertex);

    /// <summary>SOURCE_DATE_EPOCH when set (reproducible), else now.</summary>
    public DateTimeOffset Now() => Request.SourceDateEpoch is { } epoch ? DateTimeOffset.FromUnixTimeSeconds(epoch) : DateTimeOffset.UtcNow;

    private readonly List<Task> _steps = [];

    /// <summary>A step's work, which may outlive its actor (a cancelled RUN takes its container down first).</summary>
    public void Track(Task step)
    {
        lock (_steps) _steps.Add(step);
    }

    /// <summary>Waits (bounded) until every step's work has ended: only then may its directories go.</summary>
    public async Task StepsEndedAsync(TimeSpan timeout)
    {
        Task[] steps;
        lock (_steps) steps = [.. _steps];
        await Task.WhenAny(Task.WhenAll(steps).ContinueWith(_ => { }, TaskScheduler.Default), Task.Delay(timeout));
    }

    public void RemoveWorkDirectory()
    {
        if (Directory.Exists(WorkDirectory)) Directory.Delete(WorkDirectory, recursive: true);
    }
}
