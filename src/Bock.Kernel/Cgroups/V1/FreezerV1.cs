using System.Diagnostics;

namespace Bock.Kernel.Cgroups.V1;

/// <summary>v1 freezer: freezer.state goes THAWED → FREEZING → FROZEN; a task stuck in the kernel (e.g. vfork)
/// can hold FREEZING, so the request is re-issued while waiting.</summary>
internal static class FreezerV1
{
    public const string State = "freezer.state";

    public static void Freeze(string dir, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        for (var round = 0; ; round++)
        {
            // Writing FROZEN again nudges the kernel to retry tasks that were not freezable on the previous pass.
            if (round % 10 == 0)
                CgroupFiles.Write(dir, State, "FROZEN");
            if (CgroupFiles.Read(dir, State) == "FROZEN")
                return;
            if (clock.Elapsed > timeout)
            {
                CgroupFiles.Write(dir, State, "THAWED");
                throw new CgroupException($"{State}: writing FROZEN: still {CgroupFiles.Read(dir, State)} after {timeout.TotalSeconds:0.#} s; thawed again (in {dir})");
            }
            Thread.Sleep(round < 10 ? 1 : 10);
        }
    }

    public static void Thaw(string dir) => CgroupFiles.Write(dir, State, "THAWED");

    public static bool IsFrozen(string dir) => CgroupFiles.TryRead(dir, State) == "FROZEN";
}
