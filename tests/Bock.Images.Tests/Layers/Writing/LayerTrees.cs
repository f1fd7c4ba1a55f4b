namespace Bock.Images.Tests.Layers.Writing;

/// <summary>Builds test trees in overlay upper format with the standard tools (mknod, setfattr, touch, chown).</summary>
internal static class LayerTrees
{
    public static readonly byte[] Capability = Convert.FromHexString("01000002" + "c0040000" + "00000000" + "00000000" + "00000000");
    public static readonly byte[] NotText = [0xff, 0x00, 0xfe, 0x80, 0x41];

    /// <remarks>umask 022: the trees' expected modes must not depend on the umask the tests run under.</remarks>
    public static void Sh(string dir, string script) => Support.Run.Command("bash", "-euc", "umask 022\ncd \"$1\"\n" + script, "_", dir);

    /// <summary>
    /// Every kind of entry a layer carries. <paramref name="reverse"/> creates them in another order (other inode
    /// numbers, other readdir order); <paramref name="mtime"/> is given to everything at the end.
    /// </summary>
    public static void Everything(string dir, long mtime, bool reverse = false, long oldMtime = 1_000_000_000)
    {
        string[] steps =
        [
            "mkdir -p etc/conf.d && echo 'hello' > etc/hostname && chmod 0640 etc/hostname && chown 1234:5678 etc/hostname",
            "mkdir -p bin && printf 'elf' > bin/ping && chmod 4755 bin/ping && setfattr -n security.capability -v 0x" + Convert.ToHexStringLower(Capability) + " bin/ping",
            "mkdir -p bin && printf 'x' > bin/blob && setfattr -n user.blob -v 0x" + Convert.ToHexStringLower(NotText) + " bin/blob",
            "mkdir -p tmp && chmod 1777 tmp && mkdir -p srv && chmod 2775 srv && chown 3000000:3000001 srv",
            "mkdir -p bin && ln -s ../etc/hostname bin/relative && ln -s /etc/shadow bin/absolute && ln -s nowhere bin/dangling",
            "mkdir -p hl bin && printf 'shared' > hl/a && ln hl/a hl/b && ln hl/a bin/c",
            "mkfifo run.fifo && mknod dev-null c 1 3 && mknod dev-loop b 7 0",
            "mknod deleted c 0 0 && mkdir -p etc && mknod etc/removed c 0 0",
            "mkdir -p opaque/sub && echo in > opaque/sub/f && setfattr -n trusted.overlay.opaque -v y opaque",
            "mkdir -p " + new string('d', 60) + "/" + new string('e', 60) + " && echo long > " + new string('d', 60) + "/" + new string('e', 60) + "/" + new string('f', 90),
            "seq 1 60000 > big.bin",
            ": > empty",
        ];
        if (reverse)
            Array.Reverse(steps);
        Sh(dir, string.Join('\n', steps));
        Sh(dir, $"touch -h -d @{oldMtime} etc/hostname");
        // mtimes last, deepest first (a directory's mtime changes when its children are made)
        Sh(dir, $"find . -mindepth 1 ! -path ./etc/hostname -depth -print0 | xargs -0 touch -h -d @{mtime}");
    }
}
