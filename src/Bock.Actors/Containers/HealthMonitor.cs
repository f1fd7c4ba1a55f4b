using Akka.Actor;
using Bock.Actors.Kernel;

namespace Bock.Actors.Containers;

/// <summary>
/// Runs a running container's health check: a child of its <see cref="ContainerActor"/>, alive while the process
/// runs (and not paused). Each probe is an exec through the kernel pool; one probe at a time, so a slow check is
/// never stacked. Every probe's outcome goes to the parent as a <see cref="HealthReported"/>; a change of status
/// also goes to the event stream as Docker's <c>health_status: …</c> event.
/// </summary>
public sealed class HealthMonitor : ReceiveActor, IWithTimers
{
    private const int KeptProbes = 5;

    /// <summary>Slack beyond the check's own timeout for the kernel pool to answer (it kills the probe at the timeout).</summary>
    private static readonly TimeSpan AnswerSlack = TimeSpan.FromSeconds(5);

    private readonly string _containerId;
    private readonly HealthCheck _check;
    private readonly IReadOnlyList<string> _command;
    private readonly IActorRef _kernel;
    private readonly DateTimeOffset _startedAt = DateTimeOffset.UtcNow;
    private readonly List<HealthProbe> _log = [];
    private string _status = HealthStatus.Starting;
    private int _failingStreak;
    private bool _probing;

    public ITimerScheduler Timers { get; set; } = null!;

    public HealthMonitor(string containerId, HealthCheck check, IActorRef kernel)
    {
        _containerId = containerId;
        _check = check;
        _command = check.Command ?? throw new ArgumentException("a disabled health check has nothing to run", nameof(check));
        _kernel = kernel;
        Receive<Probe>(_ => StartProbe());
        Receive<ProbeFinished>(OnProbeFinished);
    }

    public static Props Props(string containerId, HealthCheck check, IActorRef kernel) =>
        Akka.Actor.Props.Create(() => new HealthMonitor(containerId, check, kernel));

    protected override void PreStart() => Timers.StartPeriodicTimer("probe", Probe.Instance, _check.Interval, _check.Interval);

    private void StartProbe()
    {
        if (_probing) return;
        _probing = true;
        var started = DateTimeOffset.UtcNow;
        var request = new KernelProtocol.ExecInContainer(_containerId, new ExecRequest(_command, _check.Timeout));
        _kernel.Ask<object>(request, _check.Timeout + AnswerSlack).ContinueWith(task => new ProbeFinished(started, DateTimeOffset.UtcNow, task.IsCompletedSuccessfully ? task.Result : null))
            .PipeTo(Self);
    }

    private void OnProbeFinished(ProbeFinished finished)
    {
        _probing = false;
        var (exitCode, output) = finished.Reply switch
        {
            KernelProtocol.ExecCompleted { Result.TimedOut: true } => (-1, $"Health check exceeded timeout ({_check.Timeout.TotalSeconds:0.###}s)"),
            KernelProtocol.ExecCompleted completed => (completed.Result.ExitCode, completed.Result.Output),
            KernelProtocol.OperationFailed failed => (-1, failed.Reason),
            _ => (-1, "the kernel pool did not answer"),
        };
        _log.Add(new HealthProbe(finished.Start, finished.End, exitCode, output));
        if (_log.Count > KeptProbes) _log.RemoveAt(0);
        var previous = _status;
        if (exitCode == 0)
        {
            _failingStreak = 0;
            _status = HealthStatus.Healthy;
        }
        else if (_status != HealthStatus.Starting || finished.Start - _startedAt >= _check.StartPeriod)
        {
            // Failures within the start period do not count while the container has not yet been healthy.
            _failingStreak++;
            if (_failingStreak >= _check.Retries) _status = HealthStatus.Unhealthy;
        }
        Context.Parent.Tell(new HealthReported(new HealthReport(_status, _failingStreak, _log.ToList())));
        if (_status != previous)
            Context.System.EventStream.Publish(new ContainerEvent(_containerId, $"{ContainerAction.HealthStatus}: {_status}"));
    }

    /// <summary>To the parent after every probe.</summary>
    public sealed record HealthReported(HealthReport Report);

    private sealed record Probe
    {
        public static readonly Probe Instance = new();
    }

    private sealed record ProbeFinished(DateTimeOffset Start, DateTimeOffset End, object? Reply);
}
