namespace Bock.Kernel.Cgroups;

/// <summary>A cgroup operation that failed; the message names the file and the value, e.g.
/// <c>memory.limit_in_bytes: writing 10: Device or resource busy</c>.</summary>
public sealed class CgroupException : Exception
{
    public CgroupException(string message, int errno = 0) : base(message) => Errno = errno;

    /// <summary>The errno behind the failure, 0 when the failure is not a system call's.</summary>
    public int Errno { get; }
}
