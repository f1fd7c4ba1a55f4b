namespace Bockrose.Compose;

/// <summary>One problem in the compose model, with the place it was written when there is one.</summary>
public sealed record ComposeError(SourceLocation? Location, string Message)
{
    public override string ToString() => Location is null ? Message : $"{Location}: {Message}";
}
