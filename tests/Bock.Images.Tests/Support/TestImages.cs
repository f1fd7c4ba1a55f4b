using Bock.Images.Oci;
using Bock.Images.Reference;
using Bock.Images.Store;

namespace Bock.Images.Tests.Support;

/// <summary>Test images built by our own code: busybox from Debian's busybox-static, plus a layer on top.</summary>
public static class TestImages
{
    public const string BusyboxPath = "/bin/busybox";
    public static readonly string[] Applets = ["sh", "ls", "cat", "echo", "true"];

    /// <summary>A root file system tar: bin/busybox and symlinks to it, etc/ with a file.</summary>
    public static byte[] BusyboxRootfs()
    {
        var tar = new TarBuilder().Dir("bin").Dir("etc").Dir("tmp", 0x3ff)
            .File("bin/busybox", File.ReadAllBytes(BusyboxPath), 0x1ed)
            .File("etc/os-release", "NAME=bock-busybox\n");
        foreach (string applet in Applets)
            tar.Symlink("bin/" + applet, "busybox");
        return tar.ToArray();
    }

    /// <summary>busybox (layer 1) + a layer that adds a file and whites out etc/os-release (layer 2).</summary>
    public static async Task<Image> BuildBusyboxAsync(ImageStore store, string name = "localhost/bock-test/busybox:1")
    {
        LayerWriteResult base_ = await ImageWriter.WriteLayerAsync(store, new MemoryStream(BusyboxRootfs()));
        LayerWriteResult top = await ImageWriter.WriteLayerAsync(store, new TarBuilder()
            .Dir("etc").File("etc/hello", "hello from layer 2\n").File("etc/.wh.os-release", "").ToStream());
        var config = new ImageConfig
        {
            Created = TarBuilder.Time,
            Config = new ContainerConfig { Cmd = ["/bin/sh"], Env = ["PATH=/bin"] },
        };
        return ImageWriter.Commit(store, [base_, top], config, [ImageReference.Parse(name)]);
    }
}
