using System.Diagnostics;
using Bock.Builder.Execution;
using Bock.Host.Containers;
using Bock.Host.Images;
using Bock.Images.Snapshots;
using Bock.Kernel.Spec;

namespace Bock.Host.Builds;

/// <summary>
/// A RUN step's container: an overlay root (the step's lower snapshots, the builder's upper dir) mounted at
/// <c>&lt;run-root&gt;/builder/&lt;id&gt;/rootfs</c>, a bundle with Docker's default capabilities and seccomp profile,
/// and <c>bock-oci run</c> as a child whose stdout and stderr stream back line by line; bock-oci deletes the container
/// (its cgroup and state) when the process exits. A cancelled step is killed; the mount and bundle go in every case.
/// </summary>
/// <remarks>
/// Not through the kernel pool: the one privileged call here is the overlay mount of the host's namespace, which
/// any thread may make; everything per-container happens in bock-oci's own process, as for a shim.
/// </remarks>
internal sealed class OciRunContainers(string bockOci, string ociRoot, string runRoot, IRootfsMounter mounter) : IRunContainers
{
    private static readonly TimeSpan KillGrace = TimeSpan.FromSeconds(10);

    public async Task<int> RunAsync(RunContainerSpec spec, Action<string> output, CancellationToken cancellationToken)
    {
        var bundle = Path.Combine(runRoot, "builder", spec.Id);
        var rootfs = Path.Combine(bundle, "rootfs");
        Directory.CreateDirectory(rootfs);
        try
        {
            var lowers = spec.LowerDirs.ToList();
            if (lowers.Count == 0)
            {
                // overlayfs needs a lower dir: FROM scratch gets an empty one.
                var empty = Path.Combine(bundle, "empty");
                Directory.CreateDirectory(empty);
                lowers.Add(empty);
            }
            mounter.Mount(new OverlayMountSpec(lowers, spec.UpperDir, spec.WorkDir), rootfs);
            await File.WriteAllTextAsync(Path.Combine(bundle, "config.json"), SpecLoader.Serialize(Spec(spec, bundle, rootfs)), cancellationToken);
            return await RunProcessAsync(spec.Id, bundle, output, cancellationToken);
        }
        finally
        {
            mounter.Unmount(rootfs);
            if (!mounter.IsMounted(rootfs)) Directory.Delete(bundle, recursive: true);
        }
    }

    private RuntimeSpec Spec(RunContainerSpec spec, string bundle, string rootfs)
    {
        var defaults = DefaultSpec.Create();
        var user = UserDatabase.Resolve(spec.User, spec.LowerDirs);
        var capabilities = DockerCapabilities.Default;
        File.WriteAllText(Path.Combine(bundle, "hostname"), "buildkitsandbox\n");
        File.WriteAllText(Path.Combine(bundle, "hosts"), "127.0.0.1\tlocalhost buildkitsandbox\n::1\tlocalhost ip6-localhost ip6-loopback\n");
        File.WriteAllText(Path.Combine(bundle, "resolv.conf"), spec.Network == "host" && File.Exists("/etc/resolv.conf") ? File.ReadAllText("/etc/resolv.conf") : "");
        var files = new[] { "hostname", "hosts", "resolv.conf" }
            .Where(f => !spec.Mounts.Any(m => m.Target == "/etc/" + f))
            .Select(f => new MountSpec { Destination = "/etc/" + f, Type = "bind", Source = Path.Combine(bundle, f), Options = ["rbind", "rprivate", "ro"] });
        var mounts = spec.Mounts.Select(m => new MountSpec { Destination = m.Target, Type = m.Type, Source = m.Source, Options = [.. m.Options] });
        return defaults with
        {
            Process = defaults.Process! with
            {
                Terminal = false,
                Args = spec.Args,
                Env = spec.Env,
                Cwd = spec.Cwd,
                User = new UserSpec { Uid = user.Uid, Gid = user.Gid, AdditionalGids = user.AdditionalGids.Count > 0 ? user.AdditionalGids : null },
                Capabilities = new CapabilitiesSpec { Bounding = capabilities, Effective = capabilities, Permitted = capabilities },
                NoNewPrivileges = false,
                Rlimits = null, // bockd's own limits, as Docker gives a build its daemon's
            },
            Root = new RootSpec { Path = rootfs, Readonly = false },
            Hostname = "buildkitsandbox",
            Mounts = [.. defaults.Mounts!, .. files, .. mounts],
            Linux = defaults.Linux! with
            {
                CgroupsPath = $"/bock/{spec.Id}",
                // none: a network namespace of its own with loopback only; host: the host's.
                Namespaces = spec.Network == "host" ? [.. defaults.Linux.Namespaces!.Where(n => n.Type != "network")] : defaults.Linux.Namespaces,
                Seccomp = DockerSeccomp.Default(capabilities),
            },
        };
    }

    private async Task<int> RunProcessAsync(string id, string bundle, Action<string> output, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(bockOci)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var arg in (string[])["--root", ociRoot, "run", "--bundle", bundle, id]) start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new IOException($"cannot start {bockOci}");
        process.StandardInput.Close();
        var stdout = PumpAsync(process.StandardOutput, output);
        var stderr = PumpAsync(process.StandardError, output);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            await KillAsync(id, process);
            throw;
        }
        await Task.WhenAll(stdout, stderr);
        return process.ExitCode;
    }

    /// <summary>SIGKILL to the container; bock-oci run then deletes it. If it does not end, it is killed and the container force-deleted.</summary>
    private async Task KillAsync(string id, Process process)
    {
        await RunOciAsync("kill", id, "KILL");
        using var grace = new CancellationTokenSource(KillGrace);
        try
        {
            await process.WaitForExitAsync(grace.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        await RunOciAsync("delete", "--force", id);
    }

    private async Task RunOciAsync(params string[] args)
    {
        var start = new ProcessStartInfo(bockOci) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("--root");
        start.ArgumentList.Add(ociRoot);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start);
        if (process is null) return;
        await process.StandardOutput.ReadToEndAsync();
        await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
    }

    private static async Task PumpAsync(StreamReader reader, Action<string> output)
    {
        while (await reader.ReadLineAsync() is { } line) output(line);
    }
}
