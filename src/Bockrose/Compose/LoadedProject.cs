using Bockrose.Compose.Model;

namespace Bockrose.Compose;

/// <summary>A loaded project, with the warnings compose would print (unset variables, ignored attributes).</summary>
public sealed record LoadedProject(Project Project, IReadOnlyList<string> Warnings, IReadOnlyList<string> Files);
