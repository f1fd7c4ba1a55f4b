using System.Text.RegularExpressions;

namespace Bock.Host.Containers;

/// <summary>
/// docker ps's <c>--filter</c>: values of one key are alternatives (OR), different keys must all hold (AND).
/// <c>id</c> (prefix), <c>name</c> (regular expression, as Docker's), <c>label</c> (<c>key</c> or <c>key=value</c>),
/// <c>status</c> (created, restarting, running, removing, paused, exited, dead), <c>exited</c> (exit code),
/// <c>ancestor</c> (image name or id prefix), <c>health</c> (starting, healthy, unhealthy, none).
/// </summary>
public sealed class ContainerFilter
{
    private static readonly HashSet<string> Keys = ["id", "name", "label", "status", "exited", "ancestor", "health"];
    private static readonly HashSet<string> Statuses = ["created", "restarting", "running", "removing", "paused", "exited", "dead"];

    private readonly IReadOnlyDictionary<string, IReadOnlyList<string>> _filters;

    /// <exception cref="FormatException">An unknown key or status: Docker answers 400 for these.</exception>
    public ContainerFilter(IReadOnlyDictionary<string, IReadOnlyList<string>> filters)
    {
        foreach (var (key, values) in filters)
        {
            if (!Keys.Contains(key)) throw new FormatException($"invalid filter '{key}'");
            if (key == "status" && values.FirstOrDefault(v => !Statuses.Contains(v)) is { } status)
                throw new FormatException($"invalid filter 'status={status}'");
            if (key == "exited" && values.FirstOrDefault(v => !int.TryParse(v, out _)) is { } code)
                throw new FormatException($"invalid filter 'exited={code}'");
        }
        _filters = filters;
    }

    /// <summary>Whether the <c>status</c> or <c>exited</c> filters ask for stopped containers (docker ps then lists them without -a).</summary>
    public bool SelectsStopped => _filters.ContainsKey("exited") || _filters.TryGetValue("status", out var s) && s.Any(v => v is not ("running" or "paused" or "restarting"));

    public bool Matches(ContainerRecord c) => _filters.All(filter => filter.Value.Count == 0 || filter.Value.Any(value => filter.Key switch
    {
        "id" => c.Id.StartsWith(value, StringComparison.Ordinal),
        "name" => Regex.IsMatch(c.Name, value) || Regex.IsMatch("/" + c.Name, value),
        "label" => value.IndexOf('=') is var eq and > 0
            ? c.Labels.TryGetValue(value[..eq], out var v) && v == value[(eq + 1)..]
            : c.Labels.ContainsKey(value),
        "status" => c.State == value,
        "exited" => c.State == "exited" && c.ExitCode.ToString() == value,
        "ancestor" => c.Image == value || c.Image == value + ":latest" || (c.ImageId is { } id && (id == value || id.Replace("sha256:", "").StartsWith(value.Replace("sha256:", ""), StringComparison.Ordinal))),
        "health" => (c.Health ?? "none") == value,
        _ => false,
    }));
}
