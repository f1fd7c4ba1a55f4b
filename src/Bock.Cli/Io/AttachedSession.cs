using System.Runtime.InteropServices;
using Bock.Cli.Daemon;
using Bock.Cli.Native;

namespace Bock.Cli.Io;

/// <summary>
/// Bridges this process's stdio to a hijacked attach or exec connection: output demultiplexed (or raw with a
/// terminal) to stdout/stderr, stdin copied in and half-closed at its end, the local terminal raw while a
/// container terminal is attached and its size followed (SIGWINCH) through <paramref name="resize"/>.
/// Completes when the container's output ends.
/// </summary>
internal sealed class AttachedSession(HijackedStream connection, bool tty, bool stdin, Func<int, int, Task>? resize)
{
    /// <summary>
    /// The output may trail the exit (with --rm, the removal), on a loaded machine by seconds: a CI run lost a
    /// container's only line with 2 s here. The shim ends every attachment once the output has drained, so this
    /// only bounds a daemon that keeps a connection open.
    /// </summary>
    private static readonly TimeSpan DrainAfterExit = TimeSpan.FromSeconds(15);

    /// <summary>
    /// As <see cref="RunAsync"/>, but ends at the latest <see cref="DrainAfterExit"/> after <paramref name="exited"/>
    /// completes: a connection the daemon keeps open past the container's end must not keep the user waiting.
    /// </summary>
    public async Task RunUntilAsync(Task exited)
    {
        using var stop = new CancellationTokenSource();
        var session = RunAsync(stop.Token);
        if (await Task.WhenAny(session, exited) == exited && await Task.WhenAny(session, Task.Delay(DrainAfterExit)) != session)
            await stop.CancelAsync();
        try
        {
            await session;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    public async Task RunAsync(CancellationToken ct)
    {
        using var stdout = Console.OpenStandardOutput();
        using var stderr = Console.OpenStandardError();
        // fd 0 itself, not Console.OpenStandardInput(): on a terminal that one is .NET's line editor, which echoes
        // and waits for Enter. Keys must reach the container's terminal one by one, untouched.
        using var input = stdin ? new FileStream(new Microsoft.Win32.SafeHandles.SafeFileHandle(0, ownsHandle: false), FileAccess.Read, bufferSize: 0) : null;
        Termios.State? saved = null;
        PosixSignalRegistration? winch = null;
        if (tty && stdin) saved = Termios.MakeRaw(0);
        try
        {
            if (tty && resize is not null)
            {
                await ResizeAsync(resize);
                winch = PosixSignalRegistration.Create(PosixSignal.SIGWINCH, _ => ResizeAsync(resize).Wait());
            }
            if (input is not null) _ = Task.Run(() => CopyStdinAsync(input, ct), ct);
            try
            {
                if (tty) await StreamDemultiplexer.CopyRawAsync(connection, stdout, ct);
                else await StreamDemultiplexer.CopyAsync(connection, stdout, stderr, ct);
            }
            catch (IOException)
            {
                // The daemon dropped the connection (the container ended while input was still flowing): the exit
                // code, from wait, says how it ended.
            }
        }
        finally
        {
            winch?.Dispose();
            if (saved is { } state) Termios.Restore(0, state);
        }
    }

    private async Task CopyStdinAsync(Stream input, CancellationToken ct)
    {
        try
        {
            var buffer = new byte[8192];
            int n;
            while ((n = await input.ReadAsync(buffer, ct)) > 0)
                await connection.WriteAsync(buffer.AsMemory(0, n), ct);
            connection.CloseWrite();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException or System.Net.Sockets.SocketException)
        {
            // The container ended first: nobody is left to read what we had.
        }
    }

    private static async Task ResizeAsync(Func<int, int, Task> resize)
    {
        if (Termios.Size(1) is not var (rows, columns)) return;
        try
        {
            await resize(rows, columns);
        }
        catch (DaemonException)
        {
            // A container that already exited cannot be resized; its output says the rest.
        }
    }
}
