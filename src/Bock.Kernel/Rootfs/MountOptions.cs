namespace Bock.Kernel.Rootfs;

/// <summary>
/// Splits OCI mount options into mount(2) flags, propagation flags and the data string, as runc's
/// <c>parseMountOptions</c> does: known words become flags, everything else goes to the filesystem.
/// </summary>
public sealed record MountOptions(ulong Flags, ulong ClearFlags, ulong Propagation, string Data, bool Recursive)
{
    public const ulong MS_RDONLY = 1, MS_NOSUID = 2, MS_NODEV = 4, MS_NOEXEC = 8, MS_SYNCHRONOUS = 16, MS_REMOUNT = 32,
        MS_MANDLOCK = 64, MS_DIRSYNC = 128, MS_NOSYMFOLLOW = 256, MS_NOATIME = 1024, MS_NODIRATIME = 2048, MS_BIND = 4096,
        MS_MOVE = 8192, MS_REC = 16384, MS_SILENT = 32768, MS_UNBINDABLE = 1 << 17, MS_PRIVATE = 1 << 18,
        MS_SLAVE = 1 << 19, MS_SHARED = 1 << 20, MS_RELATIME = 1 << 21, MS_STRICTATIME = 1 << 24, MS_LAZYTIME = 1 << 25;

    private static readonly Dictionary<string, (bool Clear, ulong Flag)> FlagWords = new(StringComparer.Ordinal)
    {
        ["ro"] = (false, MS_RDONLY), ["rw"] = (true, MS_RDONLY),
        ["nosuid"] = (false, MS_NOSUID), ["suid"] = (true, MS_NOSUID),
        ["nodev"] = (false, MS_NODEV), ["dev"] = (true, MS_NODEV),
        ["noexec"] = (false, MS_NOEXEC), ["exec"] = (true, MS_NOEXEC),
        ["sync"] = (false, MS_SYNCHRONOUS), ["async"] = (true, MS_SYNCHRONOUS),
        ["dirsync"] = (false, MS_DIRSYNC), ["remount"] = (false, MS_REMOUNT),
        ["mand"] = (false, MS_MANDLOCK), ["nomand"] = (true, MS_MANDLOCK),
        ["atime"] = (true, MS_NOATIME), ["noatime"] = (false, MS_NOATIME),
        ["diratime"] = (true, MS_NODIRATIME), ["nodiratime"] = (false, MS_NODIRATIME),
        ["bind"] = (false, MS_BIND), ["rbind"] = (false, MS_BIND | MS_REC),
        ["relatime"] = (false, MS_RELATIME), ["norelatime"] = (true, MS_RELATIME),
        ["strictatime"] = (false, MS_STRICTATIME), ["nostrictatime"] = (true, MS_STRICTATIME),
        ["lazytime"] = (false, MS_LAZYTIME), ["nolazytime"] = (true, MS_LAZYTIME),
        ["nosymfollow"] = (false, MS_NOSYMFOLLOW), ["symfollow"] = (true, MS_NOSYMFOLLOW),
    };

    public static readonly IReadOnlyDictionary<string, ulong> PropagationFlags = new Dictionary<string, ulong>(StringComparer.Ordinal)
    {
        ["private"] = MS_PRIVATE, ["rprivate"] = MS_PRIVATE | MS_REC,
        ["shared"] = MS_SHARED, ["rshared"] = MS_SHARED | MS_REC,
        ["slave"] = MS_SLAVE, ["rslave"] = MS_SLAVE | MS_REC,
        ["unbindable"] = MS_UNBINDABLE, ["runbindable"] = MS_UNBINDABLE | MS_REC,
    };

    public bool IsBind => (Flags & MS_BIND) != 0;

    public static MountOptions Parse(IReadOnlyList<string>? options)
    {
        ulong flags = 0, clear = 0, propagation = 0;
        var recursive = false;
        var data = new List<string>();
        foreach (var option in options ?? [])
        {
            if (FlagWords.TryGetValue(option, out var word))
            {
                if (word.Clear) { flags &= ~word.Flag; clear |= word.Flag; }
                else { flags |= word.Flag; clear &= ~word.Flag; }
                if (option == "rbind") recursive = true;
            }
            else if (PropagationFlags.TryGetValue(option, out var p))
                propagation |= p;
            else if (option.Length > 1 && option[0] == 'r' && FlagWords.TryGetValue(option[1..], out var recursiveWord))
            {
                // "rro", "rnosuid"…: mount_setattr(AT_RECURSIVE) in runc; applied to the top mount here.
                if (recursiveWord.Clear) flags &= ~recursiveWord.Flag; else flags |= recursiveWord.Flag;
            }
            else
                data.Add(option);
        }
        return new MountOptions(flags, clear, propagation, string.Join(',', data), recursive);
    }
}
