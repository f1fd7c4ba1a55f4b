using System.Net;
using System.Text.Json;

namespace Bock.Host.Tests.Support;

/// <summary>
/// The busybox rootfs of <see cref="BusyboxRootfs"/> as a tarball, imported into a daemon's image store through
/// <c>POST /images/create?fromSrc=-</c> as docker import does it.
/// </summary>
public static class BusyboxImage
{
    private static readonly Lazy<byte[]> Tar = new(() =>
    {
        var file = Path.GetTempFileName();
        try
        {
            var result = Shell.RunAsync("tar", ["-C", BusyboxRootfs.Path, "-cf", file, "."]).GetAwaiter().GetResult();
            if (result.ExitCode != 0) throw new InvalidOperationException($"tar failed: {result}");
            return File.ReadAllBytes(file);
        }
        finally
        {
            File.Delete(file);
        }
    });

    /// <summary>Imports it as <paramref name="name"/> (repo:tag) with CMD sh; returns the image id.</summary>
    public static Task<string> ImportAsync(Daemon daemon, string repo = "busybox", string tag = "latest", params string[] changes) =>
        ImportWithMessageAsync(daemon, null, repo, tag, changes);

    public static async Task<string> ImportWithMessageAsync(Daemon daemon, string? message, string repo = "busybox", string tag = "latest", params string[] changes)
    {
        var query = $"images/create?fromSrc=-&repo={Uri.EscapeDataString(repo)}&tag={tag}&changes={Uri.EscapeDataString("CMD [\"sh\"]")}"
            + string.Concat(changes.Select(c => "&changes=" + Uri.EscapeDataString(c)))
            + (message is null ? "" : "&message=" + Uri.EscapeDataString(message));
        using var response = await daemon.Client.PostAsync(query, new ByteArrayContent(Tar.Value));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var lines = await ProgressLinesAsync(response);
        var last = lines[^1];
        Assert.False(last.TryGetProperty("error", out _), $"import failed: {last}");
        var id = last.GetProperty("status").GetString()!;
        Assert.StartsWith("sha256:", id);
        return id;
    }

    /// <summary>The JSON lines of a streamed answer (pull, push, load, import).</summary>
    public static async Task<IReadOnlyList<JsonElement>> ProgressLinesAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone())];
    }
}
