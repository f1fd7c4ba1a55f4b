using Bock.Cli.CommandLine;

namespace Bock.Cli.Build;

/// <summary>
/// <c>--output type=oci|docker|local|image[,dest=PATH][,key=value…]</c>, or <c>-o DIR</c> for <c>type=local,dest=DIR</c>.
/// A destination is made absolute here: the daemon writes it, and its working directory is not ours.
/// </summary>
internal sealed record BuildOutput(string Type, IReadOnlyDictionary<string, string> Attributes)
{
    private static readonly string[] Types = ["oci", "docker", "local", "image"];

    public string? Destination => Attributes.GetValueOrDefault("dest");

    public static BuildOutput Parse(string text)
    {
        if (text.Length == 0) throw Invalid(text, "empty output");
        if (!text.Contains('=') && !text.Contains(','))
            return new BuildOutput("local", new Dictionary<string, string> { ["dest"] = Absolute(text) });
        string? type = null;
        var attributes = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in text.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = field.IndexOf('=');
            if (eq <= 0) throw Invalid(text, $"invalid value {field}");
            var (key, value) = (field[..eq].Trim().ToLowerInvariant(), field[(eq + 1)..]);
            if (key == "type") type = value;
            else attributes[key] = value;
        }
        if (type is null) throw Invalid(text, "type is required (oci, docker, local or image)");
        if (!Types.Contains(type)) throw Invalid(text, $"unsupported output type \"{type}\": oci, docker, local or image");
        if (attributes.TryGetValue("dest", out var dest))
        {
            if (dest is "" or "-") throw Invalid(text, "dest must be a path (writing to stdout is not supported)");
            attributes["dest"] = Absolute(dest);
        }
        else if (type != "image") throw Invalid(text, $"type={type} needs dest=PATH");
        return new BuildOutput(type, attributes);
    }

    private static string Absolute(string path) => Path.GetFullPath(path);

    private static UsageException Invalid(string text, string why) => new($"invalid argument \"{text}\" for \"-o, --output\" flag: {why}");
}
