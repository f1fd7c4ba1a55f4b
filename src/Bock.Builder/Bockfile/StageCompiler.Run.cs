using Bock.Builder.Graph;

namespace Bock.Builder.Bockfile;

/// <summary><c>run</c> and its mounts. The command is not substituted: its shell expands the args, which are in its environment.</summary>
internal sealed partial class StageCompiler
{
    private static readonly Dictionary<string, string[]> MountKeys = new(StringComparer.Ordinal)
    {
        ["bind"] = ["type", "target", "from", "source", "readonly"],
        ["cache"] = ["type", "target", "id", "sharing", "from", "source", "readonly", "mode", "uid", "gid"],
        ["tmpfs"] = ["type", "target"],
        ["secret"] = ["type", "id", "target", "required", "mode", "uid", "gid"],
    };

    private RunStep Run(SourceLocation at, SpecNode value, SpecFields fields)
    {
        var (command, shellForm) = Command(value, "run");
        var mounts = fields.Optional("mounts") is { } m
            ? m is SpecSequence list ? list.Items.Select(Mount).ToList() : throw m.Error($"mounts must be a list, not {m.Describe}")
            : [];
        var network = fields.Optional("network") is { } n ? SpecValues.Text(n, "network") : null;
        if (network is not (null or "none" or "host" or "default"))
            throw fields.Optional("network")!.Error($"network must be none, host or default, not '{network}'");
        // "default" is what no network key means: the graph says it with null, as the Dockerfile front end does.
        return new RunStep(at, command, shellForm, _scope.Shell, _scope.Args, mounts) { Network = network == "default" ? null : network };
    }

    private RunMount Mount(SpecNode node)
    {
        var typeNode = node is SpecMapping mapping && mapping.Find("type") is { } t ? t.Value : throw node.Error("a mount needs 'type' (bind, cache, tmpfs or secret)");
        var type = SpecValues.Text(typeNode, "type");
        if (!MountKeys.TryGetValue(type, out var keys))
            throw typeNode.Error($"unknown mount type '{type}': bind, cache, tmpfs or secret{NearestName.Hint(type, MountKeys.Keys)}");
        var fields = new SpecFields(node, $"a {type} mount", keys);

        string? Text(string key) => fields.Optional(key) is { } v ? Expand(v, key) : null;
        var target = Text("target");
        var id = Text("id");
        if (type == "secret" ? target is null && id is null : target is null) throw node.Error($"a {type} mount needs 'target'{(type == "secret" ? " or 'id'" : "")}");
        var sharing = Text("sharing");
        if (sharing is not (null or "shared" or "private" or "locked")) throw fields.Optional("sharing")!.Error($"sharing must be shared, private or locked, not '{sharing}'");

        // A secret named by its target alone takes the target's file name as its id, as BuildKit does.
        if (type == "secret" && id is null) id = target!.Split('/', StringSplitOptions.RemoveEmptyEntries).LastOrDefault();
        return new RunMount(type, target ?? $"/run/secrets/{id}")
        {
            FromStage = fields.Optional("from") is { } from ? Source(from, "from") : null,
            Source = Text("source"),
            Id = id,
            // Bind and secret mounts are read-only unless asked otherwise, as with RUN --mount.
            ReadOnly = fields.Optional("readonly") is { } ro ? SpecValues.Bool(ro, "readonly") : type is "bind" or "secret",
            Sharing = sharing,
            Mode = Text("mode"),
            Uid = Text("uid"),
            Gid = Text("gid"),
            Required = fields.Optional("required") is { } r && SpecValues.Bool(r, "required"),
        };
    }
}
