using Bock.Builder.Graph;

namespace Bock.Builder.Execution;

/// <summary>
/// A build that cannot go on: the message starts with the step's <c>file:line:column</c>; <see cref="ExitCode"/> is a
/// RUN step's exit code (1 for any other failure).
/// </summary>
public sealed class BuildFailedException(SourceLocation? location, string reason, int exitCode = 1)
    : Exception(location is null ? reason : $"{location}: {reason}")
{
    public int ExitCode { get; } = exitCode;
}
