namespace Bock.Builder.Dockerfile;

/// <summary>Go's <c>path.Clean</c> and <c>path.Join</c> for the slash-separated paths of an image (WORKDIR).</summary>
internal static class UnixPath
{
    public static string Clean(string path)
    {
        if (path.Length == 0) return ".";
        var rooted = path[0] == '/';
        var parts = new List<string>();
        foreach (var part in path.Split('/'))
        {
            if (part is "" or ".") continue;
            if (part == "..")
            {
                if (parts.Count > 0 && parts[^1] != "..") parts.RemoveAt(parts.Count - 1);
                else if (!rooted) parts.Add("..");
                continue;
            }
            parts.Add(part);
        }
        var joined = string.Join('/', parts);
        return rooted ? "/" + joined : joined.Length == 0 ? "." : joined;
    }

    public static string Join(string left, string right) => Clean(left + "/" + right);
}
