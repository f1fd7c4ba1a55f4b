using System.Reflection;
using System.Runtime.InteropServices;
using Bock.Host.Containers;

namespace Bock.Host.Api;

/// <summary>GET /_ping, /version and /info: what a Docker client asks first, to negotiate and to show the daemon.</summary>
internal static class SystemEndpoints
{
    public static string Version { get; } =
        typeof(SystemEndpoints).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public static void MapSystemEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapMethods("/_ping", ["GET", "HEAD"], (HttpContext context) =>
        {
            context.Response.Headers["Docker-Experimental"] = "false";
            context.Response.Headers["Cache-Control"] = "no-cache, no-store, must-revalidate";
            context.Response.Headers["Pragma"] = "no-cache";
            return TypedResults.Text("OK", "text/plain; charset=utf-8");
        });

        app.MapGet("/version", () => TypedResults.Json(new VersionResponse
        {
            Platform = new PlatformName("Bock"),
            Components = [new ComponentVersion("Engine", Version, new Dictionary<string, string>
            {
                ["ApiVersion"] = ApiVersionPrefix.Current,
                ["MinAPIVersion"] = ApiVersionPrefix.Minimum,
                ["Os"] = "linux",
                ["Arch"] = Arch,
                ["KernelVersion"] = KernelVersion,
                ["DotnetVersion"] = Environment.Version.ToString(),
            })],
            Version = Version,
            ApiVersion = ApiVersionPrefix.Current,
            MinAPIVersion = ApiVersionPrefix.Minimum,
            Os = "linux",
            Arch = Arch,
            KernelVersion = KernelVersion,
        }, BockApiJsonContext.Default.VersionResponse));

        app.MapGet("/info", async (ContainerService containers, Images.ImageService images, DaemonOptions options, CancellationToken ct) =>
        {
            var all = await containers.ListAsync(ct);
            return TypedResults.Json(new InfoResponse
            {
                ID = HostId(options),
                Containers = all.Count,
                ContainersRunning = all.Count(c => c.State is "running" or "restarting"),
                ContainersPaused = all.Count(c => c.State == "paused"),
                ContainersStopped = all.Count(c => c.State is "created" or "exited"),
                Images = images.List().Count,
                Driver = "bock",
                DockerRootDir = options.Root,
                KernelVersion = KernelVersion,
                OperatingSystem = OperatingSystem(),
                OSType = "linux",
                Architecture = RuntimeInformation.OSArchitecture == Architecture.X64 ? "x86_64" : RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant(),
                NCPU = Environment.ProcessorCount,
                MemTotal = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes,
                Name = Environment.MachineName,
                ServerVersion = Version,
                CgroupDriver = "cgroupfs",
                CgroupVersion = File.Exists("/sys/fs/cgroup/cgroup.controllers") ? "2" : "1",
                DefaultRuntime = "bock-oci",
            }, BockApiJsonContext.Default.InfoResponse);
        });
    }

    // Go's names, which Docker clients expect.
    private static string Arch => RuntimeInformation.OSArchitecture switch
    {
        Architecture.X64 => "amd64",
        Architecture.Arm64 => "arm64",
        var other => other.ToString().ToLowerInvariant(),
    };

    private static string KernelVersion => ReadTrimmed("/proc/sys/kernel/osrelease") ?? Environment.OSVersion.Version.ToString();

    private static string OperatingSystem() =>
        ReadTrimmed("/etc/os-release") is { } release
            && release.Split('\n').FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal)) is { } line
            ? line["PRETTY_NAME=".Length..].Trim('"')
            : RuntimeInformation.OSDescription;

    /// <summary>A stable daemon id: the machine's, so that it survives restarts without state of its own.</summary>
    private static string HostId(DaemonOptions options) => ReadTrimmed("/etc/machine-id") ?? options.Root;

    private static string? ReadTrimmed(string path)
    {
        try
        {
            return File.ReadAllText(path).Trim();
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
