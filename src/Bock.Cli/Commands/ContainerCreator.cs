using Bock.Api;
using Bock.Api.Dtos;
using Bock.Cli.Daemon;

namespace Bock.Cli.Commands;

/// <summary>
/// create, pulling the image first when the daemon does not have it (Docker's "Unable to find image … locally"),
/// or always/never as <c>--pull</c> says. Pull progress goes to stderr so that stdout stays the container's.
/// </summary>
internal static class ContainerCreator
{
    public static async Task<ContainerCreateResponse> CreateAsync(CliContext context, ContainerCreateRequest request, string? name, string? pull, string? platform)
    {
        var image = request.Image!;
        var path = "containers/create" + (name is null ? "" : $"?name={Uri.EscapeDataString(name)}");
        if (pull is not (null or "missing" or "always" or "never"))
            throw new CommandLine.UsageException($"invalid pull option: '{pull}': must be one of \"always\", \"missing\" or \"never\"");
        if (pull == "always") await ImagePuller.PullAsync(context, image, platform, context.Error);
        try
        {
            return await context.Daemon.PostAsync(path, request, BockApiJsonContext.Default.ContainerCreateRequest,
                BockApiJsonContext.Default.ContainerCreateResponse, context.Cancellation);
        }
        catch (DaemonException e) when (e.Status == 404 && e.Message.StartsWith("No such image", StringComparison.Ordinal) && pull != "never" && !Path.IsPathFullyQualified(image))
        {
            await context.Error.WriteLineAsync($"Unable to find image '{ImagePuller.Normalize(image)}' locally");
            await ImagePuller.PullAsync(context, image, platform, context.Error);
            return await context.Daemon.PostAsync(path, request, BockApiJsonContext.Default.ContainerCreateRequest,
                BockApiJsonContext.Default.ContainerCreateResponse, context.Cancellation);
        }
    }
}
