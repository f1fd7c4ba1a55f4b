using System.Text;

namespace Bock.Images.Tests.Support;

/// <summary>
/// A directory tree as the standard tools see it (stat, sha256sum, getfattr), one sorted line per fact, so two trees
/// compare as text and a failure shows the difference. Whiteouts (0/0 character devices) are named only: overlayfs
/// reads nothing else of them.
/// </summary>
public static class TreeDescription
{
    public static string Of(string root, bool withXattrs = true)
    {
        var lines = new List<string>();
        string stat = Run.Command("bash", "-c",
            "cd \"$1\" && find . -mindepth 1 -print0 | LC_ALL=C sort -z | xargs -0 -r stat -c '%n|%F|%a|%u|%g|%Y|%t:%T|%h|%N'", "_", root);
        foreach (string line in stat.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] f = line.Split('|');
            if (f[1] == "character special file" && f[6] == "0:0")
                lines.Add($"{f[0]} whiteout");
            else if (f[1] == "symbolic link")
                lines.Add(line); // the %N column carries the target
            else if (f[1] == "directory")
                lines.Add(string.Join('|', f[..^2])); // a directory's link count is its subdirectories (overlayfs says 1 for a merged one)
            else
                lines.Add(string.Join('|', f[..^1]));
        }
        string sums = Run.Command("bash", "-c", "cd \"$1\" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum", "_", root);
        lines.AddRange(sums.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => "sha256 " + l));
        if (withXattrs)
        {
            string xattrs = Run.Command("bash", "-c",
                "cd \"$1\" && find . -mindepth 1 -print0 | LC_ALL=C sort -z | xargs -0 -r getfattr -h -d -m - -e hex 2>/dev/null; true", "_", root);
            string file = "";
            foreach (string line in xattrs.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                if (line.StartsWith("# file: ", StringComparison.Ordinal))
                    file = line[8..].StartsWith("./", StringComparison.Ordinal) ? line[8..] : "./" + line[8..]; // getfattr drops the ./
                else
                    lines.Add($"xattr {file} {line}");
            }
        }
        lines.Sort(StringComparer.Ordinal);
        return new StringBuilder().AppendJoin('\n', lines).ToString();
    }
}
