using System.Text;

namespace Bock.Kernel.Cgroups;

/// <summary>Parses proc(5) mountinfo text: <c>id parent major:minor root mountpoint options [optional...] - fstype source superoptions</c>.</summary>
internal static class MountInfoParser
{
    public static IReadOnlyList<MountInfoEntry> Parse(string text)
    {
        var entries = new List<MountInfoEntry>();
        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine.Trim();
            if (line.Length == 0)
                continue;
            var fields = line.Split(' ');
            // The optional fields vary in number, so the fs type is found after the "-" separator, not by index.
            var separator = fields.Length > 6 ? Array.IndexOf(fields, "-", 6) : -1;
            if (separator < 0 || separator + 2 >= fields.Length)
                throw new CgroupException($"mountinfo: malformed line \"{line}\"");
            var superOptions = separator + 3 < fields.Length ? fields[separator + 3].Split(',') : [];
            entries.Add(new MountInfoEntry(Unescape(fields[3]), Unescape(fields[4]), fields[separator + 1],
                Unescape(fields[separator + 2]), superOptions));
        }
        return entries;
    }

    /// <summary>The kernel writes space, tab, newline and backslash in paths as \ooo octal.</summary>
    private static string Unescape(string field)
    {
        if (!field.Contains('\\'))
            return field;
        var bytes = new List<byte>(field.Length);
        for (var i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && i + 3 < field.Length
                && IsOctal(field[i + 1]) && IsOctal(field[i + 2]) && IsOctal(field[i + 3]))
            {
                bytes.Add((byte)((field[i + 1] - '0') * 64 + (field[i + 2] - '0') * 8 + (field[i + 3] - '0')));
                i += 3;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(field[i].ToString()));
            }
        }
        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    private static bool IsOctal(char c) => c is >= '0' and <= '7';
}
