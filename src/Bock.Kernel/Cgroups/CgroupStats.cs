namespace Bock.Kernel.Cgroups;

/// <summary>Usage figures for <c>events --stats</c>; a null is a figure this host does not report (or "no limit").</summary>
public sealed record CgroupStats(
    long? MemoryUsageBytes,
    long? MemoryLimitBytes,
    long? PidsCurrent,
    long? PidsLimit,
    long? CpuUsageNanoseconds,
    long OomKills);
