namespace Bock.Oci.Runtime;

/// <summary>Reads /proc/PID/stat: whether a process is alive and when it started (to tell it from a reused pid).</summary>
public static class ProcStat
{
    /// <summary>The start time in clock ticks (field 22), or null when the process is gone or a zombie.</summary>
    public static ulong? StartTime(int pid)
    {
        if (pid <= 0) return null;
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }
        // The command name (field 2) may hold spaces and parentheses: parse after the last ')'.
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        if (fields[0] is "Z" or "X") return null;
        return ulong.Parse(fields[19]);
    }

    public static bool IsAlive(int pid, ulong startTime) => StartTime(pid) is { } t && t == startTime;
}
