using Bock.Images.Layers;
using Bock.Images.Layers.Writing;
using Bock.Images.Snapshots;
using Bock.Images.Tests.Support;

namespace Bock.Images.Tests.Layers.Writing;

/// <summary>
/// The case the builder has: a step changes a real overlay mount, its upper dir is written as a layer, and that
/// layer unpacked over the same lower gives the very tree the step saw.
/// </summary>
[Trait("Category", "Privileged")]
public sealed class OverlayUpperLayerTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly MountedOverlays _mounts = new();

    public void Dispose()
    {
        _mounts.Dispose();
        _dir.Dispose();
    }

    private string NewDir(string name)
    {
        string path = _dir.Combine(name);
        Directory.CreateDirectory(path);
        return path;
    }

    private string Mount(string name, string options)
    {
        string target = NewDir(name);
        if (Bock.Images.Native.FileSystemCalls.Mount("overlay", target, "overlay", 0, options) < 0)
            throw new IOException($"mount overlay {options}: {Bock.Images.Native.FileSystemCalls.Describe(Bock.Images.Native.FileSystemCalls.Errno)}");
        _mounts.Add(target);
        return target;
    }

    private void Unmount(string target)
    {
        OverlayMounter.Unmount(target);
        _mounts.Remove(target);
    }

    [Fact]
    public async Task A_steps_upper_dir_written_and_unpacked_over_its_lower_gives_the_tree_the_step_saw()
    {
        string lower = NewDir("lower");
        LayerTrees.Sh(lower, "mkdir -p etc/keep etc/wipe/deep usr/lib app && echo a > etc/passwd && echo b > etc/group"
            + " && echo c > etc/wipe/deep/x && echo d > usr/lib/libz && ln usr/lib/libz usr/lib/libz.1 && echo e > app/old"
            + " && chmod 0700 etc/keep && setfattr -n user.kept -v 0x00ff01 usr/lib/libz");
        string upper = NewDir("upper"), work = NewDir("work");
        string merged = Mount("merged", $"lowerdir={lower},upperdir={upper},workdir={work}");
        // what a RUN step does: delete, replace a directory (opaque), modify, move a directory (copied: no redirect_dir),
        // add files, links, owners, xattrs
        LayerTrees.Sh(merged, "rm etc/group && rm -rf etc/wipe && mkdir etc/wipe && echo new > etc/wipe/fresh"
            + " && echo more >> etc/passwd && chmod 0600 etc/passwd && chown 42:43 etc/passwd"
            + " && mv app app2 && mkdir -p opt/tool && printf tool > opt/tool/bin && chmod 4711 opt/tool/bin"
            + " && ln opt/tool/bin opt/tool/bin2 && ln -s /opt/tool/bin usr/tool && mkfifo opt/fifo"
            + " && setfattr -n security.capability -v 0x" + Convert.ToHexStringLower(LayerTrees.Capability) + " opt/tool/bin"
            + " && rm usr/lib/libz.1");
        string expected = TreeDescription.Of(merged);
        Unmount(merged);

        string layerTar = _dir.Combine("layer.tar");
        await using (FileStream f = File.Create(layerTar))
            await LayerDiffWriter.WriteTarAsync(upper, f, new LayerWriteOptions());
        string snapshot = NewDir("snapshot");
        await using (FileStream f = File.OpenRead(layerTar))
            LayerUnpacker.Unpack(f, snapshot, "step layer", lowerDirs: () => [lower]);
        string remounted = Mount("remounted", $"lowerdir={snapshot}:{lower}");
        string actual = TreeDescription.Of(remounted);

        Assert.Equal(expected, actual);
        Assert.DoesNotContain("./etc/group", actual);
        Assert.DoesNotContain("./etc/wipe/deep", actual);
        Assert.DoesNotContain("./app/", actual);
        Assert.Contains("./app2/old", actual);
        Assert.Contains("./etc/passwd|regular file|600|42|43|", actual);
        string listing = Run.Command("tar", "-tvf", layerTar);
        Assert.Contains("etc/.wh.group", listing);
        Assert.Contains("etc/wipe/.wh..wh..opq", listing);
        Assert.Contains("opt/tool/bin2 link to opt/tool/bin", listing);
    }
}
