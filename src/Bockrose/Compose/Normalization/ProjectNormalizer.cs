using System.Collections.Immutable;
using Bockrose.Compose.Model;
using Bockrose.Compose.Yaml;

namespace Bockrose.Compose.Normalization;

/// <summary>
/// Turns the merged, profile-filtered model into a <see cref="Project"/>: every service normalised, the
/// <c>default</c> network added when a service uses it, and engine-side names given to networks, volumes, secrets
/// and configs (<c>project_key</c>, unless named or external) as compose does.
/// </summary>
internal static class ProjectNormalizer
{
    public static Project Normalize(MappingNode model, string name, string workingDirectory, ImmutableArray<string> disabled,
        Func<string, string?> lookup, ICollection<string> warnings)
    {
        var read = new NodeReader();
        foreach (var entry in model.Entries.Where(e => e.Key.Value == "models"))
            read.Error(entry.Key, "models", "AI models are not supported by bockrose");
        if (model.Find("version") is { } version)
            warnings.Add($"{version.Key.Location}: the attribute `version` is obsolete, it will be ignored");

        var services = ImmutableSortedDictionary.CreateBuilder<string, Service>(StringComparer.Ordinal);
        var serviceNormalizer = new ServiceNormalizer(read, lookup, workingDirectory);
        foreach (var e in (model["services"] as MappingNode)?.Entries ?? [])
            if (e.Value is MappingNode s) services[e.Key.Value] = serviceNormalizer.Normalize(e.Key.Value, s);

        var networks = ImmutableSortedDictionary.CreateBuilder<string, NetworkDefinition>(StringComparer.Ordinal);
        foreach (var e in (model["networks"] as MappingNode)?.Entries ?? [])
            networks[e.Key.Value] = Network(read, name, e.Key.Value, e.Value as MappingNode);
        if (!networks.ContainsKey("default") && services.Values.Any(s => s.Networks.ContainsKey("default")))
            networks["default"] = Network(read, name, "default", null);

        var volumes = ImmutableSortedDictionary.CreateBuilder<string, VolumeDefinition>(StringComparer.Ordinal);
        foreach (var e in (model["volumes"] as MappingNode)?.Entries ?? [])
        {
            var v = e.Value as MappingNode;
            var p = $"volumes.{e.Key.Value}";
            var (external, explicitName) = External(read, v, p);
            volumes[e.Key.Value] = new VolumeDefinition(
                explicitName ?? (external ? e.Key.Value : $"{name}_{e.Key.Value}"),
                read.String(v?["driver"], $"{p}.driver"),
                read.Map(v?["driver_opts"], $"{p}.driver_opts"),
                external,
                read.Map(v?["labels"], $"{p}.labels"));
        }

        var project = new Project(
            name,
            workingDirectory,
            services.ToImmutable(),
            networks.ToImmutable(),
            volumes.ToImmutable(),
            FileObjects(read, name, model["secrets"], "secrets"),
            FileObjects(read, name, model["configs"], "configs"),
            disabled,
            NodeReader.Extensions(model));
        foreach (var w in read.Warnings) warnings.Add(w);
        if (read.Errors.Count > 0) throw new ComposeException([.. read.Errors]);
        return project;
    }

    private static NetworkDefinition Network(NodeReader read, string project, string key, MappingNode? n)
    {
        var p = $"networks.{key}";
        Refuse(read, n, p, "enable_ipv4", "disabling IPv4 is not supported");
        var ipamNode = read.Mapping(n?["ipam"], $"{p}.ipam");
        Refuse(read, ipamNode, $"{p}.ipam", "options", "IPAM driver options are not supported");
        if ((ipamNode?["driver"] as ScalarNode)?.Text is { } ipamDriver && ipamDriver != "default")
            read.Error(ipamNode!["driver"]!, $"{p}.ipam.driver", $"IPAM driver \"{ipamDriver}\" is not supported by bockrose (only the default one)");
        foreach (var pool in (ipamNode?["config"] as SequenceNode)?.Items.OfType<MappingNode>() ?? [])
            Refuse(read, pool, $"{p}.ipam.config", "aux_addresses", "auxiliary addresses are not supported");
        var (external, explicitName) = External(read, n, p);
        var ipam = read.Mapping(n?["ipam"], $"{p}.ipam");
        var pools = ((ipam?["config"] as SequenceNode)?.Items ?? [])
            .OfType<MappingNode>()
            .Select((c, i) => new IpamPool(
                read.String(c["subnet"], $"{p}.ipam.config[{i}].subnet"),
                read.String(c["ip_range"], $"{p}.ipam.config[{i}].ip_range"),
                read.String(c["gateway"], $"{p}.ipam.config[{i}].gateway")))
            .ToImmutableArray();
        return new NetworkDefinition(
            explicitName ?? (external ? key : $"{project}_{key}"),
            read.String(n?["driver"], $"{p}.driver"),
            read.Map(n?["driver_opts"], $"{p}.driver_opts"),
            external,
            read.Bool(n?["internal"], $"{p}.internal"),
            read.Bool(n?["attachable"], $"{p}.attachable"),
            read.Bool(n?["enable_ipv6"], $"{p}.enable_ipv6"),
            pools,
            read.Map(n?["labels"], $"{p}.labels"));
    }

    /// <summary>An attribute the schema allows here but Bock cannot honour stops the load, with the reason.</summary>
    private static void Refuse(NodeReader read, MappingNode? m, string path, string key, string why)
    {
        if (m?.Find(key) is { } entry) read.Error(entry.Key, path, $"\"{key}\" is not supported by bockrose: {why}");
    }

    /// <summary><c>external: true</c>, or the legacy <c>external: {name: x}</c>; and the <c>name</c> if set.</summary>
    private static (bool External, string? Name) External(NodeReader read, MappingNode? m, string p)
    {
        var name = read.String(m?["name"], $"{p}.name");
        return m?["external"] switch
        {
            MappingNode legacy => (true, read.String(legacy["name"], $"{p}.external.name") ?? name),
            var node => (read.Bool(node, $"{p}.external") ?? false, name),
        };
    }

    private static ImmutableSortedDictionary<string, FileObjectDefinition> FileObjects(NodeReader read, string project, ComposeNode? node, string kind)
    {
        var result = ImmutableSortedDictionary.CreateBuilder<string, FileObjectDefinition>(StringComparer.Ordinal);
        foreach (var e in (node as MappingNode)?.Entries ?? [])
        {
            var m = e.Value as MappingNode;
            var p = $"{kind}.{e.Key.Value}";
            foreach (var key in new[] { "driver", "driver_opts", "template_driver" })
                Refuse(read, m, p, key, $"{kind} drivers and templates are not supported");
            if (m?.Find("labels") is { } labels)
                read.Warnings.Add($"{labels.Key.Location}: {p}.labels is ignored: {kind} are files, they carry no labels");
            var (external, explicitName) = External(read, m, p);
            var definition = new FileObjectDefinition(
                explicitName ?? (external ? e.Key.Value : $"{project}_{e.Key.Value}"),
                read.String(m?["file"], $"{p}.file"),
                read.String(m?["environment"], $"{p}.environment"),
                read.String(m?["content"], $"{p}.content"),
                external);
            if (!external && definition.File is null && definition.Environment is null && definition.Content is null)
                read.Error(e.Value, p, "needs one of file, environment" + (kind == "configs" ? ", content" : "") + " or external");
            result[e.Key.Value] = definition;
        }
        return result.ToImmutable();
    }
}
