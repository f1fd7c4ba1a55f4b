using Bock.Builder.Graph;

namespace Bock.Builder.Bockfile;

/// <summary>A compiled stage, the scope at its end (for stages built on it) and where it names each stage it reads.</summary>
internal sealed record CompiledStage(BuildStage Stage, StageScope FinalScope, IReadOnlyList<(string Stage, SourceLocation At)> References);
