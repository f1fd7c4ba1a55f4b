namespace Bock.Kernel.Hooks;

/// <summary>A hook that could not start, exited non-zero or ran past its timeout.</summary>
public sealed class HookException(string stage, string path, int? exitCode, bool timedOut, string stderrTail, string message,
    Exception? inner = null) : Exception(message, inner)
{
    public string Stage { get; } = stage;
    public string HookPath { get; } = path;

    /// <summary>Null when the hook never started or was killed on timeout.</summary>
    public int? ExitCode { get; } = exitCode;

    public bool TimedOut { get; } = timedOut;

    /// <summary>The last lines the hook wrote to stderr.</summary>
    public string StderrTail { get; } = stderrTail;
}
