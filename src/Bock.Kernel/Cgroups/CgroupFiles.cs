using System.Runtime.InteropServices;
using System.Text;

namespace Bock.Kernel.Cgroups;

/// <summary>Reads and writes cgroup interface files, turning failures into messages that name the file and value.</summary>
internal static class CgroupFiles
{
    /// <summary>When set (tests only), every successful write is appended as (path, value): file contents alone
    /// cannot show the order of writes, and order matters (memory before memsw, period before quota).
    /// Per thread, so parallel tests do not see each other's writes.</summary>
    [ThreadStatic]
    internal static List<(string Path, string Value)>? Journal;

    /// <summary>Writes <paramref name="value"/> with one write(2). The file must exist: cgroupfs creates interface
    /// files, never us, so a missing file means the controller or feature is absent (and in tests, an unexpected write).</summary>
    public static unsafe void Write(string directory, string file, string value)
    {
        var path = Path.Combine(directory, file);
        // O_TRUNC is ignored by cgroupfs (as in runc) but keeps a plain file in a test tree equal to the last value.
        var fd = CgroupNative.Open(path, CgroupNative.O_WRONLY | CgroupNative.O_TRUNC | CgroupNative.O_CLOEXEC, 0);
        if (fd < 0)
            throw Failure(file, value, Marshal.GetLastPInvokeError(), directory);
        try
        {
            var bytes = Encoding.UTF8.GetBytes(value);
            nint written;
            do
            {
                fixed (byte* p = bytes)
                    written = CgroupNative.Write(fd, p, (nuint)bytes.Length);
            }
            while (written < 0 && Marshal.GetLastPInvokeError() == CgroupNative.EINTR);
            if (written < 0)
                throw Failure(file, value, Marshal.GetLastPInvokeError(), directory);
            Journal?.Add((path, value));
        }
        finally
        {
            CgroupNative.Close(fd);
        }
    }

    public static string Read(string directory, string file)
    {
        var path = Path.Combine(directory, file);
        try
        {
            return File.ReadAllText(path).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CgroupException($"{file}: reading: {e.Message} (in {directory})");
        }
    }

    public static string? TryRead(string directory, string file)
    {
        var path = Path.Combine(directory, file);
        try
        {
            return File.Exists(path) ? File.ReadAllText(path).Trim() : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public static bool Exists(string directory, string file) => File.Exists(Path.Combine(directory, file));

    /// <summary>Parses a number file; "max" and v1's "unlimited" page-aligned maximum give null.</summary>
    public static long? ParseLimit(string? text)
    {
        if (text is null || text == "max")
            return null;
        if (!long.TryParse(text, out var value))
            return ulong.TryParse(text, out _) ? null : throw new CgroupException($"not a number: \"{text}\"");
        // v1 reports "no limit" as LONG_MAX rounded down to a page: anything this close to it is unlimited.
        return value >= long.MaxValue - (1L << 20) ? null : value;
    }

    /// <summary>The value of <paramref name="key"/> in a flat-keyed file like memory.events or cpu.stat.</summary>
    public static long? ReadKey(string directory, string file, string key)
    {
        var text = TryRead(directory, file);
        if (text is null)
            return null;
        foreach (var line in text.Split('\n'))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 2 && parts[0] == key && long.TryParse(parts[1], out var value))
                return value;
        }
        return null;
    }

    public static IReadOnlyList<int> ReadPids(string directory)
    {
        var text = TryRead(directory, "cgroup.procs");
        if (text is null)
            return [];
        var pids = new List<int>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            if (int.TryParse(line, out var pid))
                pids.Add(pid);
        return pids;
    }

    /// <summary>mkdir that accepts an existing directory (runc's MkdirAll semantics for a path we may share).</summary>
    public static bool Mkdir(string path)
    {
        if (CgroupNative.Mkdir(path, 0x1ED /* 0755 */) == 0)
            return true;
        var errno = Marshal.GetLastPInvokeError();
        // EEXIST even if a racing Destroy removes it right after: CreateLevels then retries on the child's ENOENT.
        if (errno == CgroupNative.EEXIST)
            return false;
        throw new CgroupException($"{path}: mkdir: {CgroupNative.Describe(errno)}", errno);
    }

    private static CgroupException Failure(string file, string value, int errno, string directory) =>
        new($"{file}: writing {value}: {CgroupNative.Describe(errno)} (in {directory})", errno);
}
