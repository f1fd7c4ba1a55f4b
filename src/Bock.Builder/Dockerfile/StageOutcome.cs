using Bock.Builder.Graph;

namespace Bock.Builder.Dockerfile;

/// <summary>A compiled stage and the state a later stage based on it (<c>FROM name</c>) starts from.</summary>
internal sealed record StageOutcome(BuildStage Stage, StageVariables Variables, IReadOnlyList<string> Shell, string? Workdir);
