namespace Bock.Actors.Kernel;

/// <summary>
/// Where a container's <c>bock-oci shim</c> keeps its files (the daemon conventions): <c>&lt;shims&gt;/&lt;id&gt;/</c> holds
/// the control and attach socket, the exit file and the pid of the shim that serves it (one shim serves many
/// containers). bockd's API finds the container's socket here to attach to it.
/// </summary>
public sealed record ShimPaths(string ShimsDirectory, string ContainerId)
{
    public string Directory => Path.Combine(ShimsDirectory, ContainerId);
    public string Socket => Path.Combine(Directory, "attach.sock");
    public string ExitFile => Path.Combine(Directory, "exit.json");
    public string PidFile => Path.Combine(Directory, "shim.pid");

    /// <summary>The json-file log sits in the bundle directory (<c>&lt;root&gt;/containers/&lt;id&gt;</c>) as <c>&lt;id&gt;-json.log</c>.</summary>
    public static string LogFile(string bundlePath, string containerId) => Path.Combine(bundlePath, containerId + "-json.log");
}
