using Bock.Api.Dtos;
using Bockrose.Compose.Model;

namespace Bockrose.Stacks;

/// <summary>
/// The image of each service: a <c>build:</c> service without <c>image:</c> is tagged <c>&lt;project&gt;-&lt;service&gt;</c>
/// (docker compose v2's name), and built before anything is created when it is missing, when up asks for --build,
/// or when its pull_policy is "build". A built image is never pulled.
/// </summary>
public static class ServiceImages
{
    /// <summary>The project with every build-only service given its compose v2 image name.</summary>
    public static Project WithBuildTags(Project project) =>
        project.Services.Values.Any(s => s.Image is null && s.Build is not null)
            ? project with
            {
                Services = project.Services.SetItems(project.Services.Values.Where(s => s.Image is null && s.Build is not null)
                    .Select(s => KeyValuePair.Create(s.Name, s with { Image = NameOf(project.Name, s.Name) }))),
            }
            : project;

    public static string NameOf(string project, string service) => $"{project}-{service}";

    /// <summary>The pull policy a service's image is ensured with: a built image is the daemon's own, never pulled.</summary>
    public static string PullPolicy(Service service, string requested) =>
        service.Build is not null ? "never" : service.Options.PullPolicy ?? requested;

    /// <summary>Builds the service's image if it must be; true if it built. Progress: Building, then Built or Error.</summary>
    public static async Task<bool> EnsureBuiltAsync(IStackRuntime runtime, Service service, bool always, Action<StackProgress> progress)
    {
        if (service.Build is not { } build) return false;
        var image = service.Image ?? throw new StackRuntimeException($"service \"{service.Name}\" has no image name");
        if (!always && service.Options.PullPolicy != "build" && await runtime.HasImageAsync(image, CancellationToken.None)) return false;
        progress(new StackProgress { Resource = "image", Name = image, Status = "Building" });
        try
        {
            // Each step is a Building line with the step as its message, as compose shows the builder's progress.
            await runtime.BuildImageAsync(image, build,
                step => progress(new StackProgress { Resource = "image", Name = image, Status = "Building", Message = step }), CancellationToken.None);
        }
        catch (StackRuntimeException e)
        {
            progress(new StackProgress { Resource = "image", Name = image, Status = "Error", Message = e.Message });
            throw new StackRuntimeException($"service \"{service.Name}\": building {image} failed: {e.Message}");
        }
        progress(new StackProgress { Resource = "image", Name = image, Status = "Built" });
        return true;
    }
}
