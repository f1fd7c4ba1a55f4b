using System.Text.Json;

namespace Bock.Cli.Stacks.Commands;

/// <summary>The services of the resolved model (config --format json) that pull, push and build work from.</summary>
internal sealed record ServiceModel(string Name, string? Image, JsonElement? Build)
{
    public static IReadOnlyList<ServiceModel> From(JsonElement model, IReadOnlyCollection<string> only)
    {
        if (!model.TryGetProperty("services", out var services) || services.ValueKind != JsonValueKind.Object) return [];
        return services.EnumerateObject()
            .Where(s => only.Count == 0 || only.Contains(s.Name))
            .Select(s => new ServiceModel(s.Name,
                s.Value.TryGetProperty("image", out var image) ? image.GetString() : null,
                s.Value.TryGetProperty("build", out var build) && build.ValueKind == JsonValueKind.Object ? build.Clone() : null))
            .ToList();
    }

    /// <summary>docker compose's default name for a built image without <c>image:</c>: project-service.</summary>
    public string ImageName(string project) => Image ?? $"{project}-{Name}";
}
