using Bock.Actors.Containers;
using static Bock.Host.Containers.ContainerDirectoryProtocol;

namespace Bock.Host.Events;

/// <summary>
/// docker events' <c>--filter</c>: values of one key are alternatives, keys must all match. Every event here is a
/// container's, so <c>type</c> other than container selects nothing.
/// </summary>
internal sealed class EventFilter
{
    private static readonly string[] Known = ["container", "event", "type", "label", "image"];
    private readonly IReadOnlyDictionary<string, IReadOnlyList<string>> _filters;

    /// <exception cref="FormatException">A key docker events does not know here.</exception>
    public EventFilter(IReadOnlyDictionary<string, IReadOnlyList<string>> filters)
    {
        if (filters.Keys.FirstOrDefault(k => !Known.Contains(k)) is { } unknown)
            throw new FormatException($"invalid filter '{unknown}'");
        _filters = filters;
    }

    public bool Matches(ContainerEventSeen seen) =>
        _filters.All(f => f.Value.Count == 0 || f.Value.Any(value => Matches(f.Key, value, seen)));

    private static bool Matches(string key, string value, ContainerEventSeen seen)
    {
        var (e, c) = (seen.Event, seen.Container);
        return key switch
        {
            "container" => e.ContainerId.StartsWith(value, StringComparison.Ordinal) && value.Length > 0 || c?.Name == value.TrimStart('/'),
            // health_status events carry their status in the action ("health_status: healthy").
            "event" => e.Action == value || e.Action.StartsWith(value + ": ", StringComparison.Ordinal),
            "type" => value == "container",
            "image" => c?.Image == value,
            "label" => c is not null && (value.Split('=', 2) is [var k, var v] ? c.Labels.TryGetValue(k, out var actual) && actual == v : c.Labels.ContainsKey(value)),
            _ => false,
        };
    }
}
