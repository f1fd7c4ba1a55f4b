using Bock.Kernel.Native;

namespace Bock.Kernel.Namespaces;

/// <summary>OCI namespace type names, their clone flags and their /proc/PID/ns file names.</summary>
public static class NamespaceKind
{
    public static int CloneFlag(string type) => type switch
    {
        "pid" => Sched.CLONE_NEWPID,
        "network" => Sched.CLONE_NEWNET,
        "mount" => Sched.CLONE_NEWNS,
        "ipc" => Sched.CLONE_NEWIPC,
        "uts" => Sched.CLONE_NEWUTS,
        "cgroup" => Sched.CLONE_NEWCGROUP,
        "user" => Sched.CLONE_NEWUSER,
        _ => throw new ArgumentException($"unknown namespace type \"{type}\""),
    };

    public static string ProcName(string type) => type switch
    {
        "network" => "net",
        "mount" => "mnt",
        _ => type,
    };
}
