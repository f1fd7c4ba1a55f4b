namespace Bock.Host.Containers;

/// <summary>docker kill's signal argument: a number, or a Linux name with or without its SIG prefix.</summary>
public static class SignalNames
{
    private static readonly string[] Names =
    [
        "", "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV", "USR2", "PIPE", "ALRM", "TERM",
        "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG", "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS",
    ];

    public static bool TryParse(string? text, out int signal)
    {
        signal = 9;
        if (string.IsNullOrEmpty(text)) return true;
        if (int.TryParse(text, System.Globalization.NumberStyles.None, null, out signal))
            return signal is >= 1 and <= 64;
        var name = text.ToUpperInvariant();
        if (name.StartsWith("SIG", StringComparison.Ordinal)) name = name[3..];
        signal = Array.IndexOf(Names, name);
        return signal >= 1;
    }
}
