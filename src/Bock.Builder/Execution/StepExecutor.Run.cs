using System.Security.Cryptography;
using System.Text;
using Bock.Builder.Graph;

namespace Bock.Builder.Execution;

internal sealed partial class StepExecutor
{
    private const string DefaultPath = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    private const int LastLines = 10;

    /// <summary>Paths a runtime creates in a root as mount points: stubs, not the step's work, when the step's layers lacked them.</summary>
    private static readonly string[] RuntimeMountPoints = ["/proc", "/sys", "/dev", "/etc/hosts", "/etc/hostname", "/etc/resolv.conf"];

    private async Task<(StageState, bool)> RunAsync(StageState state, RunStep step, string text, int vertex, CancellationToken ct)
    {
        var args = Arguments(step);
        var env = ProcessEnvironment(state, step);
        var network = step.Network == "host" ? "host" : "none";
        // Everything the process sees that can change what it does: the command, its environment (ENV and build args),
        // directory, user, network and mounts. Secrets are left out: a RUN is not re-run for a new token.
        var key = BuildCache.Key(state.CacheKey, "RUN", StepText.Json(args), StepText.Json(env), state.WorkingDir, state.Config.User ?? "", network,
            StepText.Json([.. step.Heredocs.Select(h => h.Name + "\n" + h.Content)]),
            string.Join('\n', step.Mounts.Select(m => $"{m.Type} {m.Target} {m.Source} {m.FromStage} {m.Id} {m.ReadOnly} {m.Sharing} {m.Mode} {m.Uid} {m.Gid}")));
        if (Lookup(state, key, text) is { } hit) return (hit, true);

        var id = "build-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var runDirectory = Path.Combine(environment.WorkDirectory, id);
        var upper = Path.Combine(runDirectory, "upper");
        var work = Path.Combine(runDirectory, "work");
        Directory.CreateDirectory(upper);
        File.SetUnixFileMode(upper, (UnixFileMode)0b111_101_101); // the RUN's root (the umask must not decide it)
        Directory.CreateDirectory(work);
        var views = new List<MergedView>();
        var leases = new List<IDisposable>();
        try
        {
            var mounts = await MountsAsync(step, runDirectory, views, leases, ct);
            if (HeredocScript(step) is { } script) mounts.Add(ScriptMount(script, runDirectory));
            var lowers = state.LowerDirs(environment.Store.Snapshots);
            var last = new Queue<string>();
            var spec = new RunContainerSpec(id, lowers, upper, work, args, env, state.WorkingDir, state.Config.User ?? "", network, mounts);
            var exit = await environment.Containers.RunAsync(spec, line =>
            {
                lock (last)
                {
                    last.Enqueue(line);
                    if (last.Count > LastLines) last.Dequeue();
                }
                environment.Observer.Log(vertex, line);
            }, ct);
            if (exit != 0)
            {
                string tail;
                lock (last) tail = last.Count > 0 ? "\n" + string.Join('\n', last) : "";
                throw new BuildFailedException(step.Location,
                    $"process \"{string.Join(' ', args)}\" did not complete successfully: exit code: {exit}{tail}", exit);
            }
            RemoveMountStubs(state, upper, [.. RuntimeMountPoints, .. mounts.Select(m => m.Target), state.WorkingDir]);
            return (await CommitLayerAsync(state, upper, key, text, ct), false);
        }
        finally
        {
            foreach (var lease in leases) lease.Dispose();
            foreach (var view in views) view.Dispose();
            if (Directory.Exists(runDirectory)) Directory.Delete(runDirectory, recursive: true);
        }
    }

    /// <summary>Where a RUN whose command is only a heredoc finds its script (BuildKit's place for it).</summary>
    private const string HeredocScriptDirectory = "/dev/pipes";

    /// <summary>
    /// The shell form runs in the stage's SHELL; a heredoc goes to the shell with its body, as the shell reads heredocs
    /// itself (BuildKit's way for the shell form). A command that is only one heredoc (<c>RUN &lt;&lt;EOF</c>) runs
    /// the heredoc as a script: a file the shell is given, so a <c>#!</c> line picks the interpreter, else the shell
    /// reads it as a shell script.
    /// </summary>
    private static IReadOnlyList<string> Arguments(RunStep step)
    {
        if (!step.ShellForm) return step.Command;
        if (HeredocScript(step) is { } only) return [.. step.Shell, HeredocScriptDirectory + "/" + only.Name];
        var script = step.Command[0];
        foreach (var heredoc in step.Heredocs)
            script += "\n" + heredoc.Content + (heredoc.Content.EndsWith('\n') ? "" : "\n") + heredoc.Name;
        return [.. step.Shell, script];
    }

    /// <summary>The heredoc a RUN's command consists of alone (<c>RUN &lt;&lt;EOF</c>, <c>RUN &lt;&lt;-"EOF"</c>), or null.</summary>
    private static InlineFile? HeredocScript(RunStep step)
    {
        if (!step.ShellForm || step.Heredocs.Count != 1) return null;
        return Dockerfile.HeredocMarker.IsMarker(step.Command[0].Trim()) ? step.Heredocs[0] : null;
    }

    /// <summary>ENV wins over a build arg of the same name, as in Docker; PATH is the default one when no ENV sets it.</summary>
    private static IReadOnlyList<string> ProcessEnvironment(StageState state, RunStep step)
    {
        var env = state.Env.ToList();
        static string Name(string variable) => variable.IndexOf('=') is var eq and >= 0 ? variable[..eq] : variable;
        var names = env.Select(Name).ToHashSet(StringComparer.Ordinal);
        foreach (var (name, value) in step.BuildArgs.OrderBy(a => a.Key, StringComparer.Ordinal))
            if (names.Add(name)) env.Add(name + "=" + value);
        if (!names.Contains("PATH")) env.Insert(0, DefaultPath);
        return env;
    }

    /// <summary>The heredoc script as a 0755 file, bound read-only where <see cref="Arguments"/> points the shell.</summary>
    private static RunContainerMount ScriptMount(InlineFile script, string runDirectory)
    {
        var directory = Path.Combine(runDirectory, "heredoc");
        Directory.CreateDirectory(directory);
        var file = Path.Combine(directory, "script");
        File.WriteAllText(file, script.Content);
        File.SetUnixFileMode(file, (UnixFileMode)0x1ed);
        return new RunContainerMount("bind", file, HeredocScriptDirectory + "/" + script.Name, ["rbind", "ro"]);
    }

    /// <summary>A mount's octal mode (a Bockfile's is substituted at build time, so it is checked here too).</summary>
    private static UnixFileMode MountMode(string? mode, string fallback, SourceLocation at)
    {
        var text = mode ?? fallback;
        return text.Length is > 0 and <= 8 && text.All(c => c is >= '0' and <= '7') && Convert.ToInt32(text, 8) is var value and <= 0xfff
            ? (UnixFileMode)value
            : throw new BuildFailedException(at, $"--mount mode={text}: an octal mode is expected");
    }

    private static int MountId(string? value, string name, SourceLocation at) =>
        value is null ? 0
        : int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) ? id
        : throw new BuildFailedException(at, $"--mount {name}={value}: a number is expected");

    private async Task<List<RunContainerMount>> MountsAsync(RunStep step, string runDirectory, List<MergedView> views, List<IDisposable> leases, CancellationToken ct)
    {
        var mounts = new List<RunContainerMount>();
        foreach (var mount in step.Mounts)
        {
            switch (mount.Type)
            {
                case "cache":
                    var cacheId = mount.Id is { Length: > 0 } given ? given : mount.Target;
                    var (cacheDir, lease) = await CacheMountLeases.AcquireAsync(
                        Path.Combine(environment.CacheMountsDirectory, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(cacheId)))[..32]), mount.Sharing, ct);
                    leases.Add(lease);
                    if (!Directory.Exists(cacheDir))
                    {
                        // mode/uid/gid are the new cache directory's (BuildKit's defaults: 0755, 0:0).
                        Directory.CreateDirectory(cacheDir);
                        File.SetUnixFileMode(cacheDir, MountMode(mount.Mode, "755", step.Location));
                        FileStat.Lchown(cacheDir, MountId(mount.Uid, "uid", step.Location), MountId(mount.Gid, "gid", step.Location));
                    }
                    mounts.Add(new RunContainerMount("bind", cacheDir, mount.Target, ["rbind", mount.ReadOnly ? "ro" : "rw"]));
                    break;
                case "tmpfs":
                    mounts.Add(new RunContainerMount("tmpfs", "tmpfs", mount.Target, ["nosuid", "nodev"]));
                    break;
                case "secret":
                    var secretId = mount.Id is { Length: > 0 } sid ? sid : Path.GetFileName(mount.Target.TrimEnd('/'));
                    var target = mount.Target is { Length: > 0 } t ? t : "/run/secrets/" + secretId;
                    if (!environment.Request.Secrets.TryGetValue(secretId, out var content))
                    {
                        if (mount.Required) throw new BuildFailedException(step.Location, $"secret {secretId} not found: pass it with --secret id={secretId},src=FILE");
                        break;
                    }
                    var secrets = Path.Combine(runDirectory, "secrets");
                    Directory.CreateDirectory(secrets, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                    var file = Path.Combine(secrets, Guid.NewGuid().ToString("N"));
                    File.WriteAllBytes(file, content);
                    File.SetUnixFileMode(file, MountMode(mount.Mode, "400", step.Location));
                    FileStat.Lchown(file, MountId(mount.Uid, "uid", step.Location), MountId(mount.Gid, "gid", step.Location));
                    mounts.Add(new RunContainerMount("bind", file, target, ["rbind", "ro"]));
                    break;
                case "bind":
                    var root = SourceRoot(mount.FromStage, step.Location, views);
                    var source = SafeJoin(root, mount.Source ?? "", step.Location);
                    if (!Path.Exists(source)) throw new BuildFailedException(step.Location, $"bind mount source \"{mount.Source}\" does not exist");
                    mounts.Add(new RunContainerMount("bind", source, mount.Target, ["rbind", mount.ReadOnly ? "ro" : "rw"]));
                    break;
                default:
                    throw new BuildFailedException(step.Location, $"RUN --mount=type={mount.Type} is not supported");
            }
        }
        return mounts;
    }

    /// <summary>
    /// Removes from the upper dir what the runtime made only to mount on (and their parents it made for them): empty
    /// files and directories at mount points the step's layers did not have. The busybox image's first RUN would
    /// otherwise carry /proc, /dev, /etc/hosts… as Docker's init layer keeps them out.
    /// </summary>
    private void RemoveMountStubs(StageState state, string upper, IEnumerable<string> targets)
    {
        foreach (var target in targets.Select(t => AbsolutePath(state, t)).Distinct().OrderByDescending(t => t.Length))
        {
            var path = target;
            while (path != "/")
            {
                if (ExistsInLayers(state, path) != PathKind.Missing) break;
                var full = Path.Combine(upper, path.TrimStart('/'));
                if (!FileStat.TryLstat(full, out var stat)) break;
                if (stat.Type == FileStat.Directory && !Directory.EnumerateFileSystemEntries(full).Any()) Directory.Delete(full);
                else if (stat.Type == FileStat.Regular && stat.Size == 0) File.Delete(full);
                else break;
                path = Path.GetDirectoryName(path) ?? "/";
            }
        }
    }
}
