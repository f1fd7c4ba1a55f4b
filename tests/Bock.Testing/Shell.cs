using System.Diagnostics;

namespace Bock.Testing;

/// <summary>
/// Runs a program to completion with a timeout. Its stdout and stderr go to files, not pipes: a detached container
/// inherits the runtime's stdio (as with runc), and a pipe would keep the reader waiting for EOF until it exits.
/// </summary>
public static class Shell
{
    public static async Task<CommandResult> RunAsync(string file, IEnumerable<string> args, TimeSpan? timeout = null)
    {
        var outFile = Path.GetTempFileName();
        var errFile = Path.GetTempFileName();
        try
        {
            var info = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add("out=$1; err=$2; shift 2; exec \"$@\" >\"$out\" 2>\"$err\" </dev/null");
            info.ArgumentList.Add("sh");
            info.ArgumentList.Add(outFile);
            info.ArgumentList.Add(errFile);
            info.ArgumentList.Add(file);
            foreach (var arg in args) info.ArgumentList.Add(arg);
            using var process = Process.Start(info)!;
            using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
            try
            {
                await process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish in time\n{File.ReadAllText(outFile)}\n{File.ReadAllText(errFile)}");
            }
            return new CommandResult(process.ExitCode, File.ReadAllText(outFile), File.ReadAllText(errFile));
        }
        finally
        {
            File.Delete(outFile);
            File.Delete(errFile);
        }
    }

    public static Task<CommandResult> ShAsync(string script, TimeSpan? timeout = null) => RunAsync("/bin/sh", ["-c", script], timeout);
}
