namespace Bock.Cli.Stacks;

/// <summary>
/// docker compose's log prefix: the container's name without its project (<c>web-1</c>), padded to the longest one
/// shown, then <c> | </c>; coloured per service on a terminal, in compose's order of colours.
/// </summary>
internal static class LogPrefix
{
    private static readonly string[] Colours = ["36", "33", "32", "35", "34", "96", "93", "92", "95", "94"];

    public static string ShortName(string containerName, string project) =>
        containerName.TrimStart('/') is var name && name.StartsWith(project + "-", StringComparison.Ordinal) ? name[(project.Length + 1)..] : containerName.TrimStart('/');

    /// <param name="colourIndex">The service's place among the services shown: one colour per service.</param>
    public static string For(string shortName, int width, int colourIndex, bool colour)
    {
        var text = shortName.PadRight(width) + " | ";
        return colour ? $"\u001b[{Colours[colourIndex % Colours.Length]}m{text}\u001b[0m" : text;
    }
}
