namespace Bock.Host.Containers;

/// <summary>
/// Resolves <c>user[:group]</c> against the image's /etc/passwd and /etc/group, read from its unpacked layers (top
/// first: the first layer that has the file has the version the container sees), so a bad user is a create error.
/// </summary>
public static class UserDatabase
{
    public sealed record ResolvedUser(uint Uid, uint Gid, IReadOnlyList<uint> AdditionalGids);

    /// <exception cref="FormatException">A name that the files do not have.</exception>
    public static ResolvedUser Resolve(string user, IReadOnlyList<string> layersTopFirst)
    {
        if (string.IsNullOrEmpty(user)) user = "0";
        var colon = user.IndexOf(':');
        var (userPart, groupPart) = colon >= 0 ? (user[..colon], user[(colon + 1)..]) : (user, null);
        var passwd = Read("etc/passwd", layersTopFirst);
        var groups = Read("etc/group", layersTopFirst);

        string[]? entry;
        uint uid;
        if (uint.TryParse(userPart, out uid))
            entry = passwd.FirstOrDefault(p => p.Length > 3 && p[2] == userPart);
        else
        {
            entry = passwd.FirstOrDefault(p => p.Length > 3 && p[0] == userPart)
                ?? throw new FormatException($"unable to find user {userPart}: no matching entries in passwd file");
            if (!uint.TryParse(entry[2], out uid)) throw new FormatException($"invalid uid '{entry[2]}' for user {userPart} in /etc/passwd");
        }
        var gid = entry is not null && uint.TryParse(entry[3], out var primary) ? primary : 0u;
        if (!string.IsNullOrEmpty(groupPart))
        {
            if (!uint.TryParse(groupPart, out gid))
            {
                var group = groups.FirstOrDefault(g => g.Length > 2 && g[0] == groupPart)
                    ?? throw new FormatException($"unable to find group {groupPart}: no matching entries in group file");
                if (!uint.TryParse(group[2], out gid)) throw new FormatException($"invalid gid '{group[2]}' for group {groupPart} in /etc/group");
            }
        }
        var name = entry?[0];
        var additional = name is null ? [] : groups
            .Where(g => g.Length > 3 && g[3].Split(',').Contains(name) && uint.TryParse(g[2], out _))
            .Select(g => uint.Parse(g[2])).Where(g => g != gid).Distinct().ToList();
        return new ResolvedUser(uid, gid, additional);
    }

    private static List<string[]> Read(string relative, IReadOnlyList<string> layersTopFirst)
    {
        foreach (var layer in layersTopFirst)
        {
            var path = Path.Combine(layer, relative);
            var info = new FileInfo(path);
            if (!info.Exists && info.LinkTarget is null) continue;
            // A symlink or a whiteout (a character device) in the top-most layer that has the name: no usable file.
            if (info.LinkTarget is not null || (info.Attributes & FileAttributes.Device) != 0) return [];
            return [.. File.ReadLines(path).Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => l.Split(':'))];
        }
        return [];
    }
}
