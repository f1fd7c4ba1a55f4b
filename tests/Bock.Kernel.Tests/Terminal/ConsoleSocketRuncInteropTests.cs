using System.Diagnostics;
using System.Text.Json.Nodes;
using Bock.Kernel.Terminal;
using Xunit;

namespace Bock.Kernel.Tests.Terminal;

/// <summary>runc as the peer: our console-socket listener receives what `runc run -d --console-socket` sends.</summary>
public sealed class ConsoleSocketRuncInteropTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("bock-runc-console-");
    private readonly string _id = $"bock-console-{Guid.NewGuid():N}"[..24];

    public void Dispose()
    {
        Run("runc", $"--root {_directory.FullName}/state delete -f {_id}");
        _directory.Delete(recursive: true);
    }

    private static (int Code, string Output) Run(string file, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output.Result + error);
    }

    [Fact]
    [Trait("Category", "Privileged")]
    public async Task Receives_the_pty_master_runc_sends_and_reads_the_containers_output_from_it()
    {
        Assert.True(File.Exists("/bin/busybox"), "needs busybox-static");
        var bundle = Path.Combine(_directory.FullName, "bundle");
        Directory.CreateDirectory(Path.Combine(bundle, "rootfs", "bin"));
        File.Copy("/bin/busybox", Path.Combine(bundle, "rootfs", "bin", "busybox"));
        var (specCode, specOutput) = Run("runc", $"spec --bundle {bundle}");
        Assert.True(specCode == 0, specOutput);
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(bundle, "config.json")))!;
        config["process"]!["terminal"] = true;
        config["process"]!["args"] = new JsonArray("/bin/busybox", "echo", "hello-from-runc");
        File.WriteAllText(Path.Combine(bundle, "config.json"), config.ToJsonString());

        var socketPath = Path.Combine(_directory.FullName, "console.sock");
        var listener = ConsoleSocket.Listen(socketPath);
        try
        {
            var receiving = Task.Run(() =>
            {
                var connection = ConsoleSocket.Accept(listener);
                try
                {
                    return ConsoleSocket.ReceiveMaster(connection);
                }
                finally
                {
                    Fds.Close(connection);
                }
            });

            var (code, output) = Run("runc", $"--root {_directory.FullName}/state run -d --console-socket {socketPath} -b {bundle} {_id}");
            Assert.True(code == 0, output);
            var (master, name) = await receiving.WaitAsync(TimeSpan.FromSeconds(20));
            try
            {
                Assert.Equal("/dev/ptmx", name);
                Assert.Contains("hello-from-runc\r\n", Fds.ReadUntil(master, "\r\n"));
            }
            finally
            {
                Fds.Close(master);
            }
        }
        finally
        {
            Fds.Close(listener);
        }
    }
}
