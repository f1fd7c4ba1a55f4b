using System.Collections.Immutable;
using Bockrose.Compose.Yaml;

namespace Bockrose.Compose;

/// <summary>
/// Profiles: a service without <c>profiles</c> is always on; one with profiles is on only when one of them is
/// active (<c>--profile</c>, or <c>COMPOSE_PROFILES</c> when no flag is given; <c>*</c> turns on every profile).
/// </summary>
internal static class ProfileFilter
{
    public static (MappingNode Model, ImmutableArray<string> Disabled, ImmutableDictionary<string, ImmutableArray<string>> DisabledProfiles) Apply(
        MappingNode model, IReadOnlyCollection<string> active)
    {
        if (model["services"] is not MappingNode services) return (model, [], ImmutableDictionary<string, ImmutableArray<string>>.Empty);
        var kept = new List<MappingEntry>();
        var disabled = ImmutableDictionary.CreateBuilder<string, ImmutableArray<string>>();
        foreach (var e in services.Entries)
        {
            var profiles = (e.Value as MappingNode)?["profiles"] switch
            {
                SequenceNode q => q.Items.OfType<ScalarNode>().Select(s => s.Value).ToImmutableArray(),
                ScalarNode s when !s.IsNull => [s.Value],
                _ => ImmutableArray<string>.Empty,
            };
            if (profiles.IsEmpty || active.Contains("*") || profiles.Any(active.Contains)) kept.Add(e);
            else disabled[e.Key.Value] = profiles;
        }
        var names = disabled.Keys.Order(StringComparer.Ordinal).ToImmutableArray();
        return (model.With("services", services with { Entries = [.. kept] }), names, disabled.ToImmutable());
    }
}
