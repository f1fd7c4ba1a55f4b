using System.Text.Json;
using Bock.Cli.Commands;
using Bock.Cli.Daemon;

namespace Bock.Cli.Stacks;

/// <summary>
/// A project's containers as the Docker API lists them: by docker compose's labels, so containers made by any
/// compose-compatible tool are found the same way.
/// </summary>
internal static class ProjectContainers
{
    public const string ProjectLabel = "com.docker.compose.project";
    public const string ServiceLabel = "com.docker.compose.service";
    public const string NumberLabel = "com.docker.compose.container-number";
    public const string OneOffLabel = "com.docker.compose.oneoff";

    /// <summary>Sorted by service then replica number; <paramref name="services"/> empty = all.</summary>
    public static async Task<IReadOnlyList<JsonElement>> ListAsync(DaemonClient daemon, string project, bool all, IReadOnlyCollection<string> services, CancellationToken ct)
    {
        var query = $"containers/json?all={(all ? 1 : 0)}&" + Filters.Query([$"label={ProjectLabel}={project}"]);
        var containers = (await daemon.GetJsonAsync(query, ct)).EnumerateArray()
            .Where(c => services.Count == 0 || services.Contains(Label(c, ServiceLabel)))
            .OrderBy(c => Label(c, ServiceLabel), StringComparer.Ordinal)
            .ThenBy(c => int.TryParse(Label(c, NumberLabel), out var n) ? n : 0)
            .ThenBy(Name, StringComparer.Ordinal)
            .ToList();
        return containers;
    }

    public static string Label(JsonElement container, string key) =>
        container.TryGetProperty("Labels", out var labels) && labels.ValueKind == JsonValueKind.Object &&
        labels.TryGetProperty(key, out var value) ? value.GetString() ?? "" : "";

    public static string Name(JsonElement container) =>
        container.TryGetProperty("Names", out var names) && names.ValueKind == JsonValueKind.Array && names.GetArrayLength() > 0
            ? names[0].GetString()!.TrimStart('/')
            : container.GetProperty("Id").GetString()!;

    public static string Id(JsonElement container) => container.GetProperty("Id").GetString()!;

    public static string State(JsonElement container) => container.TryGetProperty("State", out var s) ? s.GetString() ?? "" : "";

    public static bool IsOneOff(JsonElement container) => Label(container, OneOffLabel) is "True" or "true";
}
