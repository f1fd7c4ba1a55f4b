using System.Diagnostics;

namespace Bock.Kernel.Cgroups.V2;

/// <summary>v2 freezer: write cgroup.freeze, then wait for "frozen 1" in cgroup.events (the kernel freezes
/// asynchronously).</summary>
internal static class FreezerV2
{
    public const string Freeze = "cgroup.freeze", Events = "cgroup.events";

    public static void FreezeAndWait(string dir, TimeSpan timeout)
    {
        if (!CgroupFiles.Exists(dir, Freeze))
            throw new CgroupException($"{Freeze}: missing: this kernel has no cgroup v2 freezer (needs Linux 5.2; in {dir})");
        CgroupFiles.Write(dir, Freeze, "1");
        var clock = Stopwatch.StartNew();
        for (var round = 0; !IsFrozen(dir); round++)
        {
            if (clock.Elapsed > timeout)
            {
                CgroupFiles.Write(dir, Freeze, "0");
                throw new CgroupException($"{Freeze}: writing 1: not frozen after {timeout.TotalSeconds:0.#} s; thawed again (in {dir})");
            }
            Thread.Sleep(round < 10 ? 1 : 10);
        }
    }

    public static void Thaw(string dir) => CgroupFiles.Write(dir, Freeze, "0");

    public static bool IsFrozen(string dir) => CgroupFiles.ReadKey(dir, Events, "frozen") == 1;
}
