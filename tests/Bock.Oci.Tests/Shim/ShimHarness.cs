using System.Text.Json;
using Bock.Oci.Shim;
using Bock.Oci.Tests.Support;

namespace Bock.Oci.Tests.Shim;

/// <summary>One shim's files, kept in the test bundle's directory, and the ways a test drives and checks it.</summary>
internal sealed class ShimHarness(TestBundle bundle)
{
    public string LogFile { get; } = Path.Combine(bundle.Directory, "log.json");
    public string ExitFile { get; } = Path.Combine(bundle.Directory, "exit.json");
    public string Socket { get; } = Path.Combine(bundle.Directory, "shim.sock");
    public string PidFile { get; } = Path.Combine(bundle.Directory, "init.pid");

    public string[] Arguments(bool tty = false, bool stdin = false) =>
    [
        "--root", bundle.StateRoot, "shim", "--bundle", bundle.Directory, "--id", bundle.Id, "--log", LogFile,
        "--exit-file", ExitFile, "--socket", Socket, "--pid-file", PidFile,
        .. tty ? new[] { "--tty" } : [], .. stdin ? new[] { "--stdin" } : [],
    ];

    /// <summary>Starts the shim (it returns once the container is created) and returns the shim's pid.</summary>
    public async Task<int> StartAsync(bool tty = false, bool stdin = false)
    {
        bundle.Write();
        var result = await Shell.RunAsync(OciBinary.Path, Arguments(tty, stdin));
        Assert.True(result.ExitCode == 0, result.ToString());
        return int.Parse(result.Stdout.Trim());
    }

    public ShimClient Connect() => ShimClient.Connect(Socket);

    public string Request(string line)
    {
        using var client = Connect();
        return client.Request(line);
    }

    public JsonElement State()
    {
        var reply = Request("state");
        Assert.StartsWith("ok ", reply);
        return JsonDocument.Parse(reply[3..]).RootElement.Clone();
    }

    public ExitRecord ReadExitFile() => Bock.Oci.Shim.ExitFile.Read(ExitFile);

    public IReadOnlyList<LogEntry> ReadLog() =>
        [.. File.ReadAllLines(LogFile).Select(line => JsonSerializer.Deserialize(line, ShimJsonContext.Default.LogEntry)!)];

    public static bool IsAlive(int pid)
    {
        try
        {
            // A zombie is gone for our purposes: it only waits for its (new) parent to reap it.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    public static async Task WaitUntilGoneAsync(int pid)
    {
        for (var i = 0; i < 200 && IsAlive(pid); i++) await Task.Delay(50);
        Assert.False(IsAlive(pid), $"process {pid} is still alive");
    }

    /// <summary>Fields of /proc/PID/stat after the command name: [0] state, [1] ppid, [2] pgrp, [3] session.</summary>
    public static string[] Stat(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
    }

    /// <summary>Removes the container whatever state the test left it in, then checks nothing of it or its shim remains.</summary>
    public async Task CleanUpAndCheckAsync(int shimPid)
    {
        if (bundle.StateExists)
        {
            var deleted = await bundle.OciAsync("delete", "--force", bundle.Id);
            Assert.True(deleted.ExitCode == 0, deleted.ToString());
        }
        await WaitUntilGoneAsync(shimPid);
        Assert.False(bundle.StateExists);
        Assert.Empty(bundle.LeftoverCgroups());
        Assert.False(File.Exists(Socket), "the shim left its socket behind");
    }
}
