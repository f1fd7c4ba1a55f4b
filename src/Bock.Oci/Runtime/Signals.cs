namespace Bock.Oci.Runtime;

/// <summary>Signal names and numbers as kill(1) and runc accept them: "TERM", "SIGTERM", "15", "RTMIN+3".</summary>
public static class Signals
{
    public const int SIGHUP = 1, SIGINT = 2, SIGQUIT = 3, SIGKILL = 9, SIGUSR1 = 10, SIGUSR2 = 12, SIGPIPE = 13,
        SIGTERM = 15, SIGCHLD = 17, SIGCONT = 18, SIGSTOP = 19, SIGWINCH = 28;

    private static readonly Dictionary<string, int> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        ["HUP"] = 1, ["INT"] = 2, ["QUIT"] = 3, ["ILL"] = 4, ["TRAP"] = 5, ["ABRT"] = 6, ["IOT"] = 6, ["BUS"] = 7,
        ["FPE"] = 8, ["KILL"] = 9, ["USR1"] = 10, ["SEGV"] = 11, ["USR2"] = 12, ["PIPE"] = 13, ["ALRM"] = 14,
        ["TERM"] = 15, ["STKFLT"] = 16, ["CHLD"] = 17, ["CONT"] = 18, ["STOP"] = 19, ["TSTP"] = 20, ["TTIN"] = 21,
        ["TTOU"] = 22, ["URG"] = 23, ["XCPU"] = 24, ["XFSZ"] = 25, ["VTALRM"] = 26, ["PROF"] = 27, ["WINCH"] = 28,
        ["IO"] = 29, ["POLL"] = 29, ["PWR"] = 30, ["SYS"] = 31,
    };

    public static int Parse(string text)
    {
        if (int.TryParse(text, out var number))
            return number is > 0 and <= 64 ? number : throw new OciException($"invalid signal number {text}: it must be between 1 and 64");
        var name = text.StartsWith("SIG", StringComparison.OrdinalIgnoreCase) ? text[3..] : text;
        if (Names.TryGetValue(name, out number))
            return number;
        if (name.StartsWith("RTMIN", StringComparison.OrdinalIgnoreCase) && TryOffset(name[5..], out var up))
            return 34 + up;
        if (name.StartsWith("RTMAX", StringComparison.OrdinalIgnoreCase) && TryOffset(name[5..], out var down))
            return 64 + down;
        throw new OciException($"unknown signal \"{text}\"");
    }

    private static bool TryOffset(string rest, out int offset)
    {
        offset = 0;
        return rest.Length == 0 || int.TryParse(rest, out offset);
    }
}
