using Bockrose.Compose.Model;

namespace Bockrose.Compose;

/// <summary>A loaded project, with the warnings compose would print (unset variables, ignored attributes).</summary>
public sealed record LoadedProject(Project Project, IReadOnlyList<string> Warnings, IReadOnlyList<string> Files)
{
    /// <summary>The project's variables (the environment over the .env files): what an <c>environment:</c> secret reads.</summary>
    public IReadOnlyDictionary<string, string> Variables { get; init; } = new Dictionary<string, string>();
}
