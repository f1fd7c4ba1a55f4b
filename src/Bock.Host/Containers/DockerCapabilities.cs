namespace Bock.Host.Containers;

/// <summary>Docker's default capability set, and <c>--cap-add</c>/<c>--cap-drop</c> over it (names with or without CAP_, or ALL).</summary>
public static class DockerCapabilities
{
    public static readonly IReadOnlyList<string> Default =
    [
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID", "CAP_SETUID",
        "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE",
    ];

    /// <summary>Every capability, in the kernel's numbering (the index is the capability's number).</summary>
    public static readonly IReadOnlyList<string> All =
    [
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL", "CAP_SETGID", "CAP_SETUID",
        "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW",
        "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_PACCT",
        "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD",
        "CAP_LEASE", "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG",
        "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE",
    ];

    /// <exception cref="FormatException">An unknown capability.</exception>
    public static IReadOnlyList<string> Resolve(HostConfigDto? host)
    {
        // Privileged: all that bockd itself may grant; a capability outside its bounding set cannot be given.
        if (host?.Privileged == true) return [.. All.Where((_, number) => (Bounding() >> number & 1) != 0)];
        var add = Normalize(host?.CapAdd);
        var drop = Normalize(host?.CapDrop);
        // Docker: an added capability wins over the same one dropped; ALL in drop clears the defaults first.
        var caps = drop.Contains("ALL") ? new List<string>() : Default.Where(c => !drop.Contains(c)).ToList();
        caps.AddRange(add.Contains("ALL") ? All : add);
        return [.. caps.Distinct(StringComparer.Ordinal)];
    }

    private static ulong Bounding()
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("CapBnd:", StringComparison.Ordinal));
        return line is null ? ulong.MaxValue : Convert.ToUInt64(line["CapBnd:".Length..].Trim(), 16);
    }

    private static HashSet<string> Normalize(IReadOnlyList<string>? names)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var raw in names ?? [])
        {
            var name = raw.Trim().ToUpperInvariant();
            if (name == "ALL")
            {
                set.Add(name);
                continue;
            }
            if (!name.StartsWith("CAP_", StringComparison.Ordinal)) name = "CAP_" + name;
            if (!All.Contains(name)) throw new FormatException($"unknown capability: \"{raw}\"");
            set.Add(name);
        }
        return set;
    }
}
