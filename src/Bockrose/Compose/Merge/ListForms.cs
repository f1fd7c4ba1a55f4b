using System.Collections.Immutable;
using Bockrose.Compose.Yaml;

namespace Bockrose.Compose.Merge;

/// <summary>
/// Rewrites the attributes the spec allows as either a list or a mapping into their mapping form, per file and
/// before merging, so that two files merge by key whichever form each used (compose does the same).
/// <c>KEY=VALUE</c> lists become <c>KEY: VALUE</c> (a bare <c>KEY</c> becomes <c>KEY: null</c>); <c>depends_on</c>
/// lists become <c>{condition: service_started, required: true}</c>; service <c>networks</c> lists map to null.
/// </summary>
internal static class ListForms
{
    private static readonly string[] ServiceKeyValueLists = ["environment", "labels", "sysctls", "annotations"];

    public static MappingNode Canonicalize(MappingNode file)
    {
        if (file["services"] is MappingNode services)
        {
            file = file.With("services", services with
            {
                Entries = [.. services.Entries.Select(e => e.Value is MappingNode s ? e with { Value = Service(s) } : e)],
            });
        }
        // Top-level resources have labels too.
        foreach (var kind in new[] { "networks", "volumes", "secrets", "configs" })
        {
            if (file[kind] is not MappingNode resources) continue;
            file = file.With(kind, resources with
            {
                Entries = [.. resources.Entries.Select(e => e.Value is MappingNode r && r["labels"] is SequenceNode labels
                    ? e with { Value = r.With("labels", KeyValues(labels)) }
                    : e)],
            });
        }
        return file;
    }

    public static MappingNode Service(MappingNode service)
    {
        foreach (var key in ServiceKeyValueLists)
            if (service[key] is SequenceNode list) service = service.With(key, KeyValues(list));
        if (service["build"] is MappingNode build)
        {
            foreach (var key in new[] { "args", "labels" })
                if (build[key] is SequenceNode list) build = build.With(key, KeyValues(list));
            service = service.With("build", build);
        }
        if (service["deploy"] is MappingNode deploy && deploy["labels"] is SequenceNode deployLabels)
            service = service.With("deploy", deploy.With("labels", KeyValues(deployLabels)));
        if (service["depends_on"] is SequenceNode deps)
            service = service.With("depends_on", new MappingNode([.. deps.Items.OfType<ScalarNode>().Select(Started)], deps.Location) { Tag = deps.Tag });
        if (service["networks"] is SequenceNode nets)
            service = service.With("networks", new MappingNode(
                [.. nets.Items.OfType<ScalarNode>().Select(n => new MappingEntry(n with { Plain = false }, new ScalarNode("", true, n.Location)))], nets.Location) { Tag = nets.Tag });
        return service;
    }

    private static MappingNode KeyValues(SequenceNode list)
    {
        var entries = new List<MappingEntry>();
        foreach (var item in list.Items.OfType<ScalarNode>())
        {
            var eq = item.Value.IndexOf('=');
            var key = new ScalarNode(eq < 0 ? item.Value : item.Value[..eq], false, item.Location);
            var value = eq < 0 ? new ScalarNode("", true, item.Location) : new ScalarNode(item.Value[(eq + 1)..], false, item.Location);
            entries.RemoveAll(e => e.Key.Value == key.Value);
            entries.Add(new MappingEntry(key, value));
        }
        return new MappingNode([.. entries], list.Location) { Tag = list.Tag };
    }

    private static MappingEntry Started(ScalarNode name) =>
        new(name with { Plain = false }, new MappingNode(
            ImmutableArray.Create(
                new MappingEntry(new ScalarNode("condition", false, name.Location), new ScalarNode("service_started", false, name.Location)),
                new MappingEntry(new ScalarNode("required", false, name.Location), new ScalarNode("true", true, name.Location))),
            name.Location));
}
