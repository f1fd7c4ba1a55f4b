using Bock.Oci.Tests.Support;

namespace Bock.Oci.Tests.Interop;

/// <summary>
/// podman (through conmon) drives bock-oci as it drives runc: create --bundle --pid-file, start, delete --force, and the
/// error path of a failed create. Storage, run root and cgroup parent are the test's own and are removed afterwards.
/// This host has no systemd and lacks CAP_SYS_RESOURCE, hence cgroupfs, the file events backend and the ulimits.
/// </summary>
[Trait(Category.Name, Category.Privileged)]
public sealed class PodmanTests
{
    [Fact]
    public async Task Podman_run_with_bock_oci_prints_and_exits_as_with_runc()
    {
        var podman = Peer.Require("podman");
        var runc = Peer.Require("runc");
        var work = Directory.CreateTempSubdirectory("bock-podman-").FullName;
        var tag = Path.GetFileName(work).ToLowerInvariant();
        var cgroupParent = "/" + tag;
        string[] global = ["--root", $"{work}/root", "--runroot", $"{work}/runroot", "--tmpdir", $"{work}/tmp", "--cgroup-manager=cgroupfs", "--events-backend=file"];
        Task<CommandResult> Podman(params string[] args) => Shell.RunAsync(podman, [.. global, .. args], TimeSpan.FromSeconds(30));
        Task<CommandResult> Run(string runtime, params string[] command) => Podman(
            ["--runtime", runtime, "run", "--rm", "--network", "none", "--ulimit", "nofile=1024:1024", "--ulimit", "nproc=1024:1024",
             "--cgroup-parent", cgroupParent, $"localhost/{tag}:test", .. command]);
        try
        {
            var tar = await Shell.RunAsync("/bin/tar", ["-C", BusyboxRootfs.Path, "-cf", $"{work}/rootfs.tar", "."]);
            Assert.True(tar.ExitCode == 0, tar.ToString());
            var import = await Podman("import", $"{work}/rootfs.tar", $"localhost/{tag}:test");
            Assert.True(import.ExitCode == 0, import.ToString());

            var expected = await Run(runc, "echo", "hi");
            Assert.True(expected.ExitCode == 0 && expected.Stdout == "hi\n", "podman with runc: " + expected);
            var actual = await Run(OciBinary.Path, "echo", "hi");
            Assert.True(actual.ExitCode == 0, actual.ToString());
            Assert.Equal(expected.Stdout, actual.Stdout);
            Assert.Equal("", actual.Stderr);

            // Exit codes, including podman's 127 / 126 for a create that fails on the program (it reads our wording).
            foreach (var command in new[] { new[] { "sh", "-c", "exit 3" }, ["/no/such/program"], ["/etc"] })
            {
                var withRunc = await Run(runc, command);
                var withBock = await Run(OciBinary.Path, command);
                Assert.True(withRunc.ExitCode == withBock.ExitCode, $"{string.Join(' ', command)}\nrunc: {withRunc}\nbock-oci: {withBock}");
            }
            var missing = await Run(OciBinary.Path, "/no/such/program");
            Assert.Contains("no such file or directory", missing.Stderr);
            Assert.DoesNotContain("does not exist", missing.Stderr); // delete --force after the failed create is silent
        }
        finally
        {
            await Podman("rm", "--all", "--force");
            await Podman("rmi", "--all", "--force");
            // containers/storage leaves its overlay home mounted (a private bind mount of itself).
            var mounts = File.ReadAllLines("/proc/self/mountinfo").Select(l => l.Split(' ')[4]).Where(m => m.StartsWith(work, StringComparison.Ordinal));
            foreach (var mount in mounts.OrderByDescending(m => m.Length))
                await Shell.RunAsync("/bin/umount", ["-l", mount]);
            // conmon may still be exiting (its cgroup is busy until then): retry for a while.
            for (var attempt = 0; attempt < 50; attempt++)
            {
                var left = Directory.GetDirectories("/sys/fs/cgroup").Select(h => Path.Combine(h, tag)).Where(Directory.Exists).ToList();
                if (left.Count == 0) break;
                foreach (var parent in left)
                    foreach (var dir in Directory.GetDirectories(parent).Append(parent))
                        try { Directory.Delete(dir); } catch (IOException) { }
                await Task.Delay(100);
            }
            Directory.Delete(work, recursive: true);
        }
    }
}
