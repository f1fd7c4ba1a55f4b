using Bock.Cli.Output;

namespace Bock.Cli.Commands;

/// <summary>
/// POST /images/create?fromImage=…, with the stored credentials of the image's registry: the daemon pulls and streams
/// progress, shown as bars or plain lines.
/// </summary>
internal static class ImagePuller
{
    public static async Task PullAsync(CliContext context, string image, string? platform, TextWriter output)
    {
        var query = $"images/create?fromImage={Uri.EscapeDataString(image)}" + (platform is null ? "" : $"&platform={Uri.EscapeDataString(platform)}");
        // The credentials of `bock login`, as Docker's CLI sends them: without them a private registry refuses the pull.
        var auth = new Daemon.JsonBytesContent([]);
        auth.Headers.Add("X-Registry-Auth", RegistryAuth.HeaderFor(image));
        using var response = await context.Daemon.SendAsync(HttpMethod.Post, query, auth, context.Cancellation);
        var renderer = new JsonMessageRenderer(output, output == context.Out ? context.StdoutIsTerminal : Native.Termios.IsTerminal(2));
        await renderer.RenderAsync(await response.Content.ReadAsStreamAsync(context.Cancellation), context.Cancellation);
    }

    /// <summary>The name Docker shows: a missing tag is <c>:latest</c>.</summary>
    public static string Normalize(string image)
    {
        if (image.Contains('@')) return image;
        var lastSlash = image.LastIndexOf('/');
        return image.IndexOf(':', lastSlash + 1) >= 0 ? image : image + ":latest";
    }
}
