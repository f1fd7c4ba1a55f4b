using System.Diagnostics;

namespace Bock.Kernel.Tests.Security;

/// <summary>A `sleep` to change limits on instead of the test host; killed on dispose.</summary>
internal sealed class SleepingChild : IDisposable
{
    private readonly Process _process;

    private SleepingChild(Process process) => _process = process;

    public int Id => _process.Id;

    public static SleepingChild Start() => new(Process.Start(new ProcessStartInfo("sleep", "60") { UseShellExecute = false })!);

    public void Dispose()
    {
        _process.Kill();
        _process.WaitForExit();
        _process.Dispose();
    }
}
