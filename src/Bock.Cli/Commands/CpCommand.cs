using System.Text;
using System.Text.Json;
using Bock.Cli.CommandLine;
using Bock.Cli.Daemon;
using Bock.Cli.Io;

namespace Bock.Cli.Commands;

/// <summary>
/// docker cp: <c>CONTAINER:SRC DEST</c> or <c>SRC CONTAINER:DEST</c>, through the archive endpoints. As Docker: a
/// destination that is an existing directory receives the source inside it; otherwise the source takes the
/// destination's name. <c>-</c> is a tar on stdout or stdin.
/// </summary>
internal sealed class CpCommand : ICommand
{
    public string Name => "cp";
    public string Arguments => "CONTAINER:SRC_PATH DEST_PATH|-\n        bock cp [OPTIONS] SRC_PATH|- CONTAINER:DEST_PATH";
    public string Summary => "Copy files/folders between a container and the local filesystem";

    public FlagSet Flags(string commandPath) => new(commandPath);

    public async Task<int> RunAsync(ParsedFlags flags, CliContext context)
    {
        var args = flags.Arguments(2, 2);
        var (fromContainer, fromPath) = Split(args[0]);
        var (toContainer, toPath) = Split(args[1]);
        if ((fromContainer is null) == (toContainer is null))
            throw new UsageException("copying between containers or between local paths is not supported: one side must be CONTAINER:PATH");
        if (fromContainer is not null) await CopyOutAsync(context, fromContainer, fromPath, toPath);
        else await CopyInAsync(context, fromPath, toContainer!, toPath);
        return 0;
    }

    private static async Task CopyOutAsync(CliContext context, string container, string source, string destination)
    {
        using var response = await context.Daemon.SendAsync(HttpMethod.Get, $"containers/{EachContainer.Escape(container)}/archive?path={Uri.EscapeDataString(source)}", null, context.Cancellation);
        await using var tar = await response.Content.ReadAsStreamAsync(context.Cancellation);
        if (destination == "-")
        {
            await using var stdout = Console.OpenStandardOutput();
            await tar.CopyToAsync(stdout, context.Cancellation);
            return;
        }
        if (Directory.Exists(destination))
        {
            await LocalTar.ExtractAsync(tar, destination, context.Cancellation);
            return;
        }
        var parent = Path.GetDirectoryName(Path.GetFullPath(destination))!;
        if (!Directory.Exists(parent)) throw new UsageException($"destination directory {parent} does not exist");
        // Unpacked beside the destination (same filesystem, so the final move is a rename), then renamed into place.
        var staging = Directory.CreateDirectory(Path.Combine(parent, $".bock-cp-{Guid.NewGuid():N}")).FullName;
        try
        {
            await LocalTar.ExtractAsync(tar, staging, context.Cancellation);
            var extracted = Directory.GetFileSystemEntries(staging).Single();
            if (Directory.Exists(extracted) && new FileInfo(extracted).LinkTarget is null) Directory.Move(extracted, destination);
            else File.Move(extracted, destination, overwrite: true);
        }
        finally
        {
            Directory.Delete(staging, recursive: true);
        }
    }

    private static async Task CopyInAsync(CliContext context, string source, string container, string destination)
    {
        var escaped = EachContainer.Escape(container);
        if (source == "-")
        {
            await using var stdin = Console.OpenStandardInput();
            using var _ = await context.Daemon.SendStreamAsync(HttpMethod.Put, $"containers/{escaped}/archive?path={Uri.EscapeDataString(destination)}", stdin, "application/x-tar", context.Cancellation);
            return;
        }
        if (!Path.Exists(source) && new FileInfo(source).LinkTarget is null) throw new UsageException($"could not find the file {source} on this host");
        // Into an existing directory under the source's name; otherwise into the parent under the destination's name.
        var target = await StatAsync(context, escaped, destination) is { } stat && (stat.Mode & (1u << 31)) != 0
            ? (Directory: destination, Name: Path.GetFileName(Path.GetFullPath(source).TrimEnd('/')))
            : (Directory: Path.GetDirectoryName(destination.TrimEnd('/')) is { Length: > 0 } p ? p : "/", Name: Path.GetFileName(destination.TrimEnd('/')));
        var buffer = new MemoryStream();
        await LocalTar.WriteAsync(source, target.Name, buffer, context.Cancellation);
        buffer.Position = 0;
        using var response = await context.Daemon.SendStreamAsync(HttpMethod.Put,
            $"containers/{escaped}/archive?path={Uri.EscapeDataString(target.Directory)}", buffer, "application/x-tar", context.Cancellation);
    }

    private static async Task<(string Name, uint Mode)?> StatAsync(CliContext context, string escapedContainer, string path)
    {
        try
        {
            using var response = await context.Daemon.SendAsync(HttpMethod.Head, $"containers/{escapedContainer}/archive?path={Uri.EscapeDataString(path)}", null, context.Cancellation);
            if (!response.Headers.TryGetValues("X-Docker-Container-Path-Stat", out var values)) return null;
            using var json = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(values.First())));
            return (json.RootElement.GetProperty("name").GetString()!, json.RootElement.GetProperty("mode").GetUInt32());
        }
        catch (DaemonException e) when (e.Status == 404)
        {
            return null;
        }
    }

    /// <summary>CONTAINER:PATH, or a local path (one starting with / or . is always local, as Docker decides).</summary>
    private static (string? Container, string Path) Split(string argument)
    {
        if (argument == "-" || argument.StartsWith('/') || argument.StartsWith('.')) return (null, argument);
        var colon = argument.IndexOf(':');
        return colon > 0 ? (argument[..colon], argument[(colon + 1)..]) : (null, argument);
    }
}
