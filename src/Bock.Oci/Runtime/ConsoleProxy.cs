using Bock.Kernel.Native;

namespace Bock.Oci.Runtime;

/// <summary>For <c>run</c>/<c>exec</c> with a terminal and no console socket: copy between our stdio and the pty master.</summary>
public sealed class ConsoleProxy : IDisposable
{
    private readonly int _master;
    private readonly Thread _output;

    private ConsoleProxy(int master)
    {
        _master = master;
        _output = new Thread(CopyOutput) { IsBackground = true, Name = "console-out" };
        _output.Start();
        new Thread(CopyInput) { IsBackground = true, Name = "console-in" }.Start();
    }

    public static ConsoleProxy Start(int master) => new(master);

    private void CopyOutput()
    {
        var buffer = new byte[8192];
        using var stdout = Console.OpenStandardOutput();
        try
        {
            int n;
            while ((n = Unistd.Read(_master, buffer)) > 0)
            {
                stdout.Write(buffer, 0, n);
                stdout.Flush();
            }
        }
        catch (KernelException)
        {
            // EIO: the last slave fd closed, the container is gone.
        }
    }

    private void CopyInput()
    {
        var buffer = new byte[8192];
        using var stdin = Console.OpenStandardInput();
        try
        {
            int n;
            while ((n = stdin.Read(buffer, 0, buffer.Length)) > 0)
                Unistd.WriteAll(_master, buffer.AsSpan(0, n));
        }
        catch (Exception e) when (e is KernelException or IOException)
        {
            // The container closed its terminal.
        }
    }

    /// <summary>Waits briefly for the output the process wrote just before it exited.</summary>
    public void Drain() => _output.Join(TimeSpan.FromMilliseconds(500));

    public void Dispose() => Unistd.Close(_master);
}
