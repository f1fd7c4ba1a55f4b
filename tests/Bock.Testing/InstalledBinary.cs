namespace Bock.Testing;

/// <summary>
/// An executable of ours under test: $BOCK_&lt;NAME&gt; (e.g. BOCK_OCI, BOCK_CLI, BOCK_DAEMON), else the repository's
/// out/&lt;name&gt;/&lt;name&gt; (scripts/install.sh publishes there), else /usr/local/bin/&lt;name&gt;. Missing is a
/// failure, never a skip.
/// </summary>
public static class InstalledBinary
{
    public static string Find(string name, string variable)
    {
        if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } fromEnv)
            return fromEnv;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "out", name, name);
            if (File.Exists(candidate) && File.Exists(System.IO.Path.Combine(dir.FullName, "Bock.sln")))
                return candidate;
        }
        var installed = System.IO.Path.Combine("/usr/local/bin", name);
        if (File.Exists(installed))
            return installed;
        throw new InvalidOperationException($"{name} not found: run scripts/install.sh (it publishes out/{name}/{name}) or set {variable}");
    }
}
