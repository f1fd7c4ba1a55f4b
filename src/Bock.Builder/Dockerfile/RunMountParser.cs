using System.Globalization;
using System.Text.RegularExpressions;
using Bock.Builder.Graph;

namespace Bock.Builder.Dockerfile;

/// <summary>
/// <c>RUN --mount=type=…,target=…,…</c>, checked as BuildKit's <c>parseMount</c>/<c>validateMount</c> check it, its
/// values substituted. A cache's id and sharing stay null unless written (the graph's defaults: the target, shared, as
/// the Bockfile front end leaves them); BuildKit's other defaults are made explicit: bind, secret and ssh mounts are
/// read-only unless <c>rw</c>; a secret's id is its <c>source</c> or its target's file name and its target
/// <c>/run/secrets/&lt;id&gt;</c>; an ssh mount's id is <c>default</c>.
/// </summary>
internal static partial class RunMountParser
{
    private static readonly HashSet<string> Types = ["bind", "cache", "tmpfs", "secret", "ssh"];

    public static RunMount Parse(string spec, SourceLocation location, Func<string, string> expand, Func<string, string> resolveFrom)
    {
        string type = "bind", target = "";
        string? from = null, source = null, id = null, sharing = null, mode = null, uid = null, gid = null;
        bool? readOnly = null;
        var required = false;
        BuildSpecException Error(string reason) => new(location, $"--mount: {reason}");
        foreach (var field in Fields(spec, location))
        {
            var equals = field.IndexOf('=');
            var key = (equals < 0 ? field : field[..equals]).ToLowerInvariant();
            if (equals < 0)
            {
                switch (key)
                {
                    case "readonly" or "ro": readOnly = true; continue;
                    case "readwrite" or "rw": readOnly = false; continue;
                    case "required" when type is "secret" or "ssh": required = true; continue;
                    case "required": throw Error($"unexpected key '{key}' for mount type '{type}'");
                    default: throw Error($"invalid field '{field}' must be a key=value pair");
                }
            }
            var value = expand(field[(equals + 1)..]);
            switch (key)
            {
                case "type":
                    type = value.ToLowerInvariant();
                    if (!Types.Contains(type)) throw Error($"unsupported mount type \"{value}\"");
                    break;
                case "target" or "dst" or "destination": target = value; break;
                case "source" or "src": source = value; break;
                case "from": from = value; break;
                case "id": id = value; break;
                case "readonly" or "ro": readOnly = GoBool(value, key, location); break;
                case "readwrite" or "rw": readOnly = !GoBool(value, key, location); break;
                case "required" when type is "secret" or "ssh": required = GoBool(value, key, location); break;
                case "required": throw Error($"unexpected key '{key}' for mount type '{type}'");
                case "size" when type == "tmpfs":
                    if (!Size().IsMatch(value)) throw Error($"invalid value for size: {value}");
                    break;
                case "size": throw Error($"unexpected key '{key}' for mount type '{type}'");
                // Newer BuildKit: a secret exposed as an environment variable rather than a file.
                case "env" when type == "secret": break;
                case "sharing":
                    sharing = value.ToLowerInvariant();
                    if (sharing is not ("shared" or "private" or "locked")) throw Error($"unsupported sharing value \"{value}\"");
                    break;
                case "mode":
                    if (!uint.TryParse(value, out _) || !value.All(c => c is >= '0' and <= '7')) throw Error($"invalid value {value} for mode");
                    mode = value;
                    break;
                case "uid": uid = Unsigned(value, key, location); break;
                case "gid": gid = Unsigned(value, key, location); break;
                default: throw Error($"unexpected key '{key}' in '{field}'");
            }
        }

        if (type is "bind" or "tmpfs")
        {
            if (mode is not null) throw Error($"mode not allowed for \"{type}\" type mounts");
            if (uid is not null) throw Error($"uid not allowed for \"{type}\" type mounts");
            if (gid is not null) throw Error($"gid not allowed for \"{type}\" type mounts");
        }
        if (sharing is not null && type != "cache") throw Error($"invalid cache sharing set for {type} mount");
        switch (type)
        {
            case "secret":
                if (from is not null) throw Error("secret mount should not have a from");
                if (source is null && target.Length == 0 && id is null) throw Error("invalid secret mount. one of source, target required");
                if (source is not null && id is not null) throw Error("both source and id can't be set");
                id ??= source ?? target[(target.LastIndexOf('/') + 1)..];
                if (target.Length == 0) target = "/run/secrets/" + id;
                break;
            case "ssh":
                id ??= "default";
                if (target.Length == 0) target = "/run/buildkit/ssh_agent.0";
                break;
            default:
                if (target.Length == 0) throw Error($"a {type} mount needs a target");
                break;
        }
        return new RunMount(type, target)
        {
            // BuildKit reads "from" for bind and cache mounts only.
            FromStage = type is "bind" or "cache" && from is not null ? resolveFrom(from) : null,
            Source = type == "secret" ? null : source,
            Id = id, Sharing = sharing, Mode = mode, Uid = uid, Gid = gid, Required = required,
            ReadOnly = readOnly ?? type is "bind" or "secret" or "ssh",
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
                yield return field.ToString();
                field.Clear();
            }
            else field.Append(ch);
        }
        if (quoted) throw new BuildSpecException(location, "--mount: failed to parse csv mounts: unterminated quote");
        yield return field.ToString();
    }

    // Go's strconv.ParseBool.
    private static bool GoBool(string value, string key, SourceLocation location) => value switch
    {
        "1" or "t" or "T" or "true" or "TRUE" or "True" => true,
        "0" or "f" or "F" or "false" or "FALSE" or "False" => false,
        _ => throw new BuildSpecException(location, $"--mount: invalid value for {key}: {value}"),
    };

    private static string Unsigned(string value, string key, SourceLocation location) =>
        uint.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out _)
            ? value
            : throw new BuildSpecException(location, $"--mount: invalid value {value} for {key}");

    // docker/go-units RAMInBytes: a number and an optional binary unit (k, m, g, t, p, with an optional b).
    [GeneratedRegex(@"^\d+(\.\d+)?\s*([kKmMgGtTpP][iI]?[bB]?|[bB])?$")]
    private static partial Regex Size();
}
