using System.Globalization;

namespace Bock.Kernel.Security;

/// <summary>A thread's capability sets and no_new_privs flag, as /proc/&lt;pid&gt;/status reports them.</summary>
public sealed record CapabilityState(
    ulong Inheritable, ulong Permitted, ulong Effective, ulong Bounding, ulong Ambient, bool NoNewPrivileges)
{
    public static CapabilityState Parse(string status)
    {
        ulong inheritable = 0, permitted = 0, effective = 0, bounding = 0, ambient = 0;
        var noNewPrivileges = false;
        foreach (var line in status.Split('\n'))
        {
            var colon = line.IndexOf(':');
            if (colon < 0)
                continue;
            var value = line[(colon + 1)..].Trim();
            switch (line[..colon])
            {
                case "CapInh": inheritable = Hex(value); break;
                case "CapPrm": permitted = Hex(value); break;
                case "CapEff": effective = Hex(value); break;
                case "CapBnd": bounding = Hex(value); break;
                case "CapAmb": ambient = Hex(value); break;
                case "NoNewPrivs": noNewPrivileges = value == "1"; break;
            }
        }
        return new CapabilityState(inheritable, permitted, effective, bounding, ambient, noNewPrivileges);
    }

    private static ulong Hex(string value) => ulong.Parse(value, NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    /// <summary>The names of the capabilities in <paramref name="mask"/>, lowest number first.</summary>
    public static IReadOnlyList<string> Names(ulong mask)
    {
        var names = new List<string>();
        for (var capability = 0; capability < 64; capability++)
            if ((mask & 1UL << capability) != 0)
                names.Add(Capabilities.NameOf(capability));
        return names;
    }
}
