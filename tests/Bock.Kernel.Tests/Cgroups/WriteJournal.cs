using Bock.Kernel.Cgroups;

namespace Bock.Kernel.Tests.Cgroups;

/// <summary>Records the cgroup file writes made on this thread while it is alive.</summary>
internal sealed class WriteJournal : IDisposable
{
    public WriteJournal() => CgroupFiles.Journal = Writes;

    public List<(string Path, string Value)> Writes { get; } = [];

    public void Dispose() => CgroupFiles.Journal = null;
}
