using System.Globalization;
using Bock.Builder.Graph;

namespace Bock.Builder.Dockerfile;

/// <summary>
/// <c>RUN --mount=type=…,target=…,…</c>, its values substituted, with BuildKit's defaults made explicit: a bind mount
/// is read-only unless <c>rw</c>, a cache's id is its target and its sharing <c>shared</c>, a secret's id is its
/// target's file name and its target <c>/run/secrets/&lt;id&gt;</c>, an ssh mount's id is <c>default</c>.
/// </summary>
internal static class RunMountParser
{
    private static readonly HashSet<string> Types = ["bind", "cache", "tmpfs", "secret", "ssh"];

    public static RunMount Parse(string spec, SourceLocation location, Func<string, string> expand, Func<string, string> resolveFrom)
    {
        string type = "bind", target = "";
        string? from = null, source = null, id = null, sharing = null, mode = null, uid = null, gid = null;
        bool? readOnly = null;
        var required = false;
        foreach (var field in Fields(spec, location))
        {
            var equals = field.IndexOf('=');
            var key = (equals < 0 ? field : field[..equals]).ToLowerInvariant();
            var value = equals < 0 ? null : expand(field[(equals + 1)..]);
            string Required() => value ?? throw new BuildSpecException(location, $"--mount: {key} needs a value");
            bool Flag() => value is null || ParseBool(value, key, location);
            switch (key)
            {
                case "type":
                    type = Required().ToLowerInvariant();
                    if (!Types.Contains(type)) throw new BuildSpecException(location, $"--mount: unsupported mount type \"{type}\"");
                    break;
                case "target" or "dst" or "destination": target = Required(); break;
                case "source" or "src": source = Required(); break;
                case "from": from = resolveFrom(Required()); break;
                case "id": id = Required(); break;
                case "readonly" or "ro": readOnly = Flag(); break;
                case "readwrite" or "rw": readOnly = !Flag(); break;
                case "required": required = Flag(); break;
                case "sharing":
                    sharing = Required();
                    if (sharing is not ("shared" or "private" or "locked"))
                        throw new BuildSpecException(location, $"--mount: unsupported sharing value \"{sharing}\"");
                    break;
                case "mode":
                    mode = Required();
                    if (!IsOctal(mode)) throw new BuildSpecException(location, $"--mount: invalid value for mode: {mode}");
                    break;
                case "uid": uid = Number(Required(), key, location); break;
                case "gid": gid = Number(Required(), key, location); break;
                case "size" or "env": Required(); break;
                default: throw new BuildSpecException(location, $"--mount: unexpected key '{key}' in '{spec}'");
            }
        }
        switch (type)
        {
            case "secret":
                if (id is null && target.Length == 0) throw new BuildSpecException(location, "--mount: a secret needs an id or a target");
                id ??= target[(target.LastIndexOf('/') + 1)..];
                if (target.Length == 0) target = "/run/secrets/" + id;
                break;
            case "ssh":
                id ??= "default";
                if (target.Length == 0) target = "/run/buildkit/ssh_agent.0";
                break;
            default:
                if (target.Length == 0) throw new BuildSpecException(location, $"--mount: a {type} mount needs a target");
                break;
        }
        if (type == "cache")
        {
            id ??= target;
            sharing ??= "shared";
        }
        if (type is not ("bind" or "cache") && from is not null)
            throw new BuildSpecException(location, $"--mount: from is not allowed for a {type} mount");
        return new RunMount(type, target)
        {
            FromStage = from, Source = source, Id = id, Sharing = sharing, Mode = mode, Uid = uid, Gid = gid, Required = required,
            ReadOnly = readOnly ?? type == "bind",
        };
    }

    // The spec is CSV (as BuildKit reads it): a field may be double-quoted to hold a comma.
    private static IEnumerable<string> Fields(string spec, SourceLocation location)
    {
        var field = new System.Text.StringBuilder();
        var quoted = false;
        foreach (var ch in spec)
        {
            if (ch == '"') quoted = !quoted;
            else if (ch == ',' && !quoted)
            {
                if (field.Length > 0) yield return field.ToString();
                field.Clear();
            }
            else field.Append(ch);
        }
        if (quoted) throw new BuildSpecException(location, "--mount: unterminated quote");
        if (field.Length > 0) yield return field.ToString();
    }

    private static bool ParseBool(string value, string key, SourceLocation location) => value.ToLowerInvariant() switch
    {
        "true" or "1" => true,
        "false" or "0" => false,
        _ => throw new BuildSpecException(location, $"--mount: invalid value for {key}: {value}"),
    };

    private static bool IsOctal(string value) => value.Length > 0 && value.All(c => c is >= '0' and <= '7');

    private static string Number(string value, string key, SourceLocation location) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out _)
            ? value
            : throw new BuildSpecException(location, $"--mount: invalid value for {key}: {value}");
}
