using System.Collections.Immutable;

namespace Bock.Builder.Bockfile;

/// <summary>
/// What substitution sees at one point of a stage: the stage's args with values (from its <c>arg</c> steps), its
/// environment (ENV wins over an arg of the same name, as in a Dockerfile) and its shell. A stage based on another
/// starts with that stage's environment and shell, not its args.
/// </summary>
internal sealed record StageScope(ImmutableSortedDictionary<string, string> Args, ImmutableDictionary<string, string> Env,
    ImmutableArray<string> Shell)
{
    public static readonly ImmutableArray<string> DefaultShell = ["/bin/sh", "-c"];

    public static readonly StageScope Empty = new(ImmutableSortedDictionary.Create<string, string>(StringComparer.Ordinal),
        ImmutableDictionary.Create<string, string>(StringComparer.Ordinal), DefaultShell);

    public string? Lookup(string name) => Env.TryGetValue(name, out var env) ? env : Args.TryGetValue(name, out var arg) ? arg : null;

    /// <summary>A base stage's scope as the start of a stage built on it.</summary>
    public StageScope Inherited() => this with { Args = Empty.Args };
}
