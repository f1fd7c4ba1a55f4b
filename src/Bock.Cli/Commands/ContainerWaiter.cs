using System.Text.Json;
using Bock.Cli.Daemon;

namespace Bock.Cli.Commands;

/// <summary>POST /containers/{id}/wait: the exit code, or 125 with the daemon's error when the wait itself failed.</summary>
internal static class ContainerWaiter
{
    /// <param name="condition">Docker's: not-running (the default), next-exit, or removed (what <c>run --rm</c> waits for).</param>
    public static async Task<int> WaitAsync(DaemonClient daemon, string id, CancellationToken ct, string? condition = null)
    {
        var json = await daemon.GetJsonViaPostAsync($"containers/{EachContainer.Escape(id)}/wait{(condition is null ? "" : "?condition=" + condition)}", ct);
        if (json.TryGetProperty("Error", out var error) && error.ValueKind == JsonValueKind.Object &&
            error.TryGetProperty("Message", out var message) && message.GetString() is { Length: > 0 })
            return 125;
        return json.TryGetProperty("StatusCode", out var code) ? code.GetInt32() : 125;
    }
}
