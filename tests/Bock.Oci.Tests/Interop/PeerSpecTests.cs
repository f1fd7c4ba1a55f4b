using Bock.Oci.Tests.Support;

namespace Bock.Oci.Tests.Interop;

/// <summary>The default config.json of `runc spec` and `crun spec` (terminal: true, args ["sh"]) runs unmodified.</summary>
[Trait(Category.Name, Category.Privileged)]
public sealed class PeerSpecTests
{
    [Theory]
    [InlineData("runc")]
    [InlineData("crun")]
    public async Task Default_spec_of_a_peer_runs_unmodified(string peer)
    {
        var peerPath = Peer.Require(peer);
        var bundle = Directory.CreateTempSubdirectory("bock-peer-spec-").FullName;
        var state = Path.Combine(bundle, "state");
        var id = $"{peer}-spec-{Guid.NewGuid():N}"[..20];
        try
        {
            var spec = await Shell.RunAsync(peerPath, ["spec", "--bundle", bundle]);
            Assert.True(spec.ExitCode == 0, spec.ToString());
            // The spec's root.path is "rootfs" next to config.json; the shared busybox rootfs is linked there.
            File.CreateSymbolicLink(Path.Combine(bundle, "rootfs"), BusyboxRootfs.Path);
            // sh on a pty does not see our stdin's EOF (a pty has no EOF of its own), so stdin says "exit" instead.
            var input = Path.Combine(bundle, "stdin");
            File.WriteAllText(input, "echo peer-$((6*7))\nexit 0\n");
            var run = await Shell.ShAsync($"exec '{OciBinary.Path}' --root '{state}' run --bundle '{bundle}' {id} < '{input}'", TimeSpan.FromSeconds(20));

            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.Contains("peer-42", run.Stdout); // proves the pty was proxied both ways: the shell computed it
            Assert.False(Directory.Exists(Path.Combine(state, id)), "state directory left behind");
            // runc's and crun's default has no cgroupsPath: the runtime picks one named after the id, one level down.
            var cgroups = Directory.GetDirectories("/sys/fs/cgroup").SelectMany(h => Directory.GetDirectories(h).Prepend(h))
                .Select(parent => Path.Combine(parent, id)).Where(Directory.Exists).ToList();
            Assert.True(cgroups.Count == 0, "cgroups left behind: " + string.Join(", ", cgroups));
        }
        finally
        {
            if (Directory.Exists(Path.Combine(state, id)))
                await Shell.RunAsync(OciBinary.Path, ["--root", state, "delete", "--force", id]);
            Directory.Delete(bundle, recursive: true);
        }
    }
}
