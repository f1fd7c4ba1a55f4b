using System.Collections.Concurrent;
using System.Diagnostics;

namespace Bock.Actors.Kernel;

/// <summary>
/// An in-memory runtime for tests of actor logic: it follows runc's state rules, records every call with its typed
/// arguments, fails a chosen call on demand and ends containers when a test says so (or, scripted, right after each
/// start). A signal ends a container with 128 + signal, as a real kill of a process without handlers does.
/// </summary>
/// <remarks>Called from several kernel threads at once, so its table sits behind a lock: this is the kernel layer.</remarks>
public sealed class RecordingContainerRuntime : IContainerRuntime
{
    private sealed class Container
    {
        public RuntimeStatus Status = RuntimeStatus.Created;
        public int Pid;
        public TaskCompletionSource<ContainerExit> Exit = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private readonly object _gate = new();
    private readonly Dictionary<string, Container> _containers = [];
    private readonly Dictionary<string, Queue<ContainerExit>> _scriptedExits = [];
    private readonly List<(RuntimeOperation Operation, string ContainerId, string Reason)> _failures = [];
    private readonly Dictionary<string, Queue<ExecResult>> _scriptedExecs = [];
    private readonly ConcurrentQueue<RuntimeCall> _calls = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _nextPid = 1000;

    public IReadOnlyList<RuntimeCall> Calls => [.. _calls];

    public IReadOnlyList<RuntimeCall> CallsFor(string containerId) => [.. _calls.Where(c => c.ContainerId == containerId)];

    /// <summary>The next <paramref name="operation"/> on <paramref name="containerId"/> throws with <paramref name="reason"/>.</summary>
    public void FailNext(RuntimeOperation operation, string containerId, string reason = "injected failure")
    {
        lock (_gate) _failures.Add((operation, containerId, reason));
    }

    /// <summary>Each following start of <paramref name="containerId"/> is followed at once by the next of these exits.</summary>
    public void ScriptExits(string containerId, params ContainerExit[] exits)
    {
        lock (_gate)
        {
            if (!_scriptedExits.TryGetValue(containerId, out var queue))
                _scriptedExits[containerId] = queue = new Queue<ContainerExit>();
            foreach (var exit in exits) queue.Enqueue(exit);
        }
    }

    /// <summary>The following execs in <paramref name="containerId"/> end with these results, in order; after them, exit 0.</summary>
    public void ScriptExecs(string containerId, params ExecResult[] results)
    {
        lock (_gate)
        {
            if (!_scriptedExecs.TryGetValue(containerId, out var queue))
                _scriptedExecs[containerId] = queue = new Queue<ExecResult>();
            foreach (var result in results) queue.Enqueue(result);
        }
    }

    /// <summary>Ends the running container's process now, as if it exited (or was killed from outside) by itself.</summary>
    public void Exit(string containerId, int exitCode, bool oomKilled = false)
    {
        lock (_gate)
        {
            var container = Existing(containerId);
            if (container.Status is not (RuntimeStatus.Running or RuntimeStatus.Paused))
                throw new InvalidOperationException($"container {containerId} is {container.Status}, not running");
            End(container, new ContainerExit(exitCode, oomKilled));
        }
    }

    public RuntimeStatus StatusOf(string containerId)
    {
        lock (_gate) return _containers.TryGetValue(containerId, out var c) ? c.Status : RuntimeStatus.Absent;
    }

    public void Create(string containerId, string bundlePath) => Call(new RuntimeCall.Create(containerId, bundlePath), () =>
    {
        if (_containers.ContainsKey(containerId))
            throw new ContainerRuntimeException($"container {containerId} already exists");
        _containers[containerId] = new Container { Pid = ++_nextPid };
    });

    public void Start(string containerId) => Call(new RuntimeCall.Start(containerId), () =>
    {
        var container = Existing(containerId);
        if (container.Status != RuntimeStatus.Created)
            throw new ContainerRuntimeException($"cannot start container {containerId}: it is {Word(container.Status)}");
        container.Status = RuntimeStatus.Running;
        if (_scriptedExits.TryGetValue(containerId, out var queue) && queue.TryDequeue(out var exit))
            End(container, exit);
    });

    public void Kill(string containerId, int signal) => Call(new RuntimeCall.Kill(containerId, signal), () =>
    {
        var container = Existing(containerId);
        if (container.Status is not (RuntimeStatus.Running or RuntimeStatus.Paused or RuntimeStatus.Created))
            throw new ContainerRuntimeException($"container {containerId} is not running");
        End(container, new ContainerExit(128 + signal));
    });

    public void Pause(string containerId) => Call(new RuntimeCall.Pause(containerId), () =>
    {
        var container = Existing(containerId);
        if (container.Status != RuntimeStatus.Running)
            throw new ContainerRuntimeException($"container {containerId} is not running");
        container.Status = RuntimeStatus.Paused;
    });

    public void Resume(string containerId) => Call(new RuntimeCall.Resume(containerId), () =>
    {
        var container = Existing(containerId);
        if (container.Status != RuntimeStatus.Paused)
            throw new ContainerRuntimeException($"container {containerId} is not paused");
        container.Status = RuntimeStatus.Running;
    });

    public void Delete(string containerId, bool force) => Call(new RuntimeCall.Delete(containerId, force), () =>
    {
        var container = Existing(containerId);
        if (!force && container.Status is RuntimeStatus.Running or RuntimeStatus.Paused)
            throw new ContainerRuntimeException($"cannot delete container {containerId}: it is {Word(container.Status)}");
        if (container.Status is RuntimeStatus.Running or RuntimeStatus.Paused or RuntimeStatus.Created)
            End(container, new ContainerExit(137));
        _containers.Remove(containerId);
    });

    public RuntimeState State(string containerId)
    {
        RuntimeState state = RuntimeState.Absent(containerId);
        Call(new RuntimeCall.State(containerId), () =>
        {
            if (_containers.TryGetValue(containerId, out var c))
                state = new RuntimeState(containerId, c.Status, c.Status == RuntimeStatus.Stopped ? 0 : c.Pid);
        });
        return state;
    }

    public Task<ContainerExit> WaitForExitAsync(string containerId, CancellationToken cancellationToken)
    {
        Task<ContainerExit> exit = Task.FromException<ContainerExit>(new InvalidOperationException());
        Call(new RuntimeCall.WaitForExit(containerId), () => exit = Existing(containerId).Exit.Task);
        return exit.WaitAsync(cancellationToken);
    }

    public Task<ExecResult> ExecAsync(string containerId, ExecRequest request, CancellationToken cancellationToken)
    {
        var result = new ExecResult(0, "");
        Call(new RuntimeCall.Exec(containerId, request), () =>
        {
            if (Existing(containerId).Status != RuntimeStatus.Running)
                throw new ContainerRuntimeException($"container {containerId} is not running");
            if (_scriptedExecs.TryGetValue(containerId, out var queue) && queue.TryDequeue(out var scripted))
                result = scripted;
        });
        return Task.FromResult(result);
    }

    private void Call(RuntimeCall call, Action operation)
    {
        _calls.Enqueue(call with { At = _clock.Elapsed, ThreadId = Environment.CurrentManagedThreadId });
        lock (_gate)
        {
            var failure = _failures.FindIndex(f => f.Operation == call.Operation && f.ContainerId == call.ContainerId);
            if (failure >= 0)
            {
                var reason = _failures[failure].Reason;
                _failures.RemoveAt(failure);
                throw new ContainerRuntimeException(reason);
            }
            operation();
        }
    }

    private Container Existing(string containerId) =>
        _containers.TryGetValue(containerId, out var container)
            ? container
            : throw new ContainerRuntimeException($"container {containerId} does not exist");

    private static void End(Container container, ContainerExit exit)
    {
        container.Status = RuntimeStatus.Stopped;
        container.Exit.TrySetResult(exit);
    }

    private static string Word(RuntimeStatus status) => status.ToString().ToLowerInvariant();
}
