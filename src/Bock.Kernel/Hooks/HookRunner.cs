using System.Diagnostics;
using Bock.Kernel.Spec;

namespace Bock.Kernel.Hooks;

/// <summary>
/// Runs OCI hooks: <c>path</c> with <c>args[1..]</c> as arguments, exactly <c>env</c> as the environment, the
/// container state JSON on stdin, and <c>timeout</c> seconds before the hook (and what it started) is killed.
/// Limitation: System.Diagnostics.Process cannot set argv[0], so the hook sees <c>path</c> there, not <c>args[0]</c>.
/// </summary>
public static class HookRunner
{
    /// <summary>How many trailing stderr lines a failure message quotes.</summary>
    public const int StderrTailLines = 10;

    // After the hook exits, a process it left behind may still hold the pipes open; do not wait on it for ever.
    private static readonly TimeSpan OutputGrace = TimeSpan.FromSeconds(2);

    public static void Run(HookSpec hook, ContainerState state, string stage)
    {
        var startInfo = new ProcessStartInfo(hook.Path)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in hook.Args?.Skip(1) ?? [])
            startInfo.ArgumentList.Add(argument);
        startInfo.Environment.Clear();
        foreach (var entry in hook.Env ?? [])
        {
            var equals = entry.IndexOf('=');
            if (equals > 0)
                startInfo.Environment[entry[..equals]] = entry[(equals + 1)..];
        }

        using var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            throw new HookException(stage, hook.Path, null, false, "",
                $"{stage} hook {hook.Path}: cannot start: {e.Message}", e);
        }

        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        // Written from another task: a hook that never reads stdin must still meet its timeout, not block us on a full pipe.
        var stdin = WriteStateAsync(process.StandardInput, SpecLoader.Serialize(state));

        var timedOut = false;
        if (hook.Timeout is > 0 and var seconds)
        {
            if (!process.WaitForExit(TimeSpan.FromSeconds(seconds)))
            {
                timedOut = true;
                try
                {
                    process.Kill(entireProcessTree: true);
                }
                catch (InvalidOperationException)
                {
                    // It exited between the wait and the kill.
                }
            }
        }
        process.WaitForExit();
        Task.WaitAll([stderr, stdout, stdin], OutputGrace);

        var tail = Tail(stderr.IsCompletedSuccessfully ? stderr.Result : "", StderrTailLines);
        if (timedOut)
            throw new HookException(stage, hook.Path, null, true, tail,
                $"{stage} hook {hook.Path}: killed after its timeout of {hook.Timeout} s{Quote(tail)}");
        if (process.ExitCode != 0)
            throw new HookException(stage, hook.Path, process.ExitCode, false, tail,
                $"{stage} hook {hook.Path}: exit code {process.ExitCode}{Quote(tail)}");
    }

    /// <summary>
    /// Runs <paramref name="hooks"/> in order. By default the first failure is thrown and later hooks do not run;
    /// with <paramref name="continueOnError"/> (poststop, where failures are only warnings) every hook runs and the
    /// failures are returned for the caller to log.
    /// </summary>
    public static IReadOnlyList<HookException> RunAll(IReadOnlyList<HookSpec>? hooks, ContainerState state, string stage,
        bool continueOnError = false)
    {
        var failures = new List<HookException>();
        foreach (var hook in hooks ?? [])
        {
            try
            {
                Run(hook, state, stage);
            }
            catch (HookException e) when (continueOnError)
            {
                failures.Add(e);
            }
        }
        return failures;
    }

    private static async Task WriteStateAsync(StreamWriter stdin, string json)
    {
        try
        {
            await stdin.WriteAsync(json).ConfigureAwait(false);
            await stdin.FlushAsync().ConfigureAwait(false);
        }
        catch (IOException)
        {
            // The hook exited or closed stdin without reading it all (EPIPE): its exit code tells the story.
        }
        finally
        {
            try
            {
                stdin.Close();
            }
            catch (IOException)
            {
            }
        }
    }

    internal static string Tail(string text, int lines)
    {
        var all = text.TrimEnd('\n', '\r').Split('\n');
        return string.Join('\n', all.Length <= lines ? all : all[^lines..]);
    }

    private static string Quote(string tail) => tail.Length == 0 ? "" : $"; stderr:\n{tail}";
}
