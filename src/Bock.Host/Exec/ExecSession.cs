using System.Diagnostics;

namespace Bock.Host.Exec;

/// <summary>
/// A started exec's process (bock-oci exec) and its stdio: pipes without a terminal, the pty master with one
/// (<see cref="Terminal"/> is then both input and output). <see cref="Exit"/> completes with the exit code once the
/// process has ended and its output is read to the end.
/// </summary>
public sealed class ExecSession(Process process, Stream input, Stream output, Stream? errors, Stream? terminal, Action release) : IDisposable
{
    public Process Process => process;
    public Stream Input => input;
    public Stream Output => output;

    /// <summary>stderr without a terminal; null with one (a pty has a single stream).</summary>
    public Stream? Errors => errors;

    public bool IsTerminal => terminal is not null;

    public async Task<int> WaitAsync()
    {
        await process.WaitForExitAsync();
        return process.ExitCode;
    }

    public void Dispose()
    {
        try { input.Dispose(); } catch (IOException) { }
        terminal?.Dispose();
        process.Dispose();
        release();
    }
}
