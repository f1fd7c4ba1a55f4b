namespace Bock.Images.Build;

/// <summary>One <c>--output</c>: its type and destination (a file for the archives, a directory for local).</summary>
public sealed record BuildOutput(BuildOutputType Type, string Destination)
{
    /// <summary>Parses <c>type=oci|docker|local,dest=PATH</c> (BuildKit's syntax; a bare <c>PATH</c> means <c>type=local,dest=PATH</c>).</summary>
    public static BuildOutput Parse(string spec)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(spec);
        if (!spec.Contains('='))
            return new BuildOutput(BuildOutputType.Local, spec);
        string? type = null, dest = null;
        foreach (string field in spec.Split(','))
        {
            int eq = field.IndexOf('=');
            string key = eq < 0 ? field : field[..eq];
            string value = eq < 0 ? "" : field[(eq + 1)..];
            switch (key.Trim())
            {
                case "type":
                    type = value;
                    break;
                case "dest":
                    dest = value;
                    break;
                default:
                    throw new FormatException($"--output '{spec}': unknown key '{key}' (expected type=oci|docker|local,dest=PATH)");
            }
        }
        BuildOutputType parsed = type switch
        {
            "oci" => BuildOutputType.Oci,
            "docker" => BuildOutputType.Docker,
            "local" => BuildOutputType.Local,
            null => throw new FormatException($"--output '{spec}': type= is missing (oci, docker or local)"),
            _ => throw new FormatException($"--output '{spec}': unsupported type '{type}' (oci, docker or local)"),
        };
        if (string.IsNullOrEmpty(dest))
            throw new FormatException($"--output '{spec}': dest= is missing");
        return new BuildOutput(parsed, dest);
    }
}
