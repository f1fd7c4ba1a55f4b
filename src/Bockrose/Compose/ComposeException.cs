namespace Bockrose.Compose;

/// <summary>
/// The model cannot be loaded. Raised before anything is created; carries every error found in the step
/// that failed so the user can fix them in one go.
/// </summary>
public sealed class ComposeException : Exception
{
    public ComposeException(IReadOnlyList<ComposeError> errors)
        : base(string.Join(Environment.NewLine, errors)) => Errors = errors;

    public ComposeException(SourceLocation? location, string message)
        : this([new ComposeError(location, message)])
    {
    }

    public IReadOnlyList<ComposeError> Errors { get; }
}
