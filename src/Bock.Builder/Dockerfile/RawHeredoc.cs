namespace Bock.Builder.Dockerfile;

/// <summary>A heredoc's marker (<see cref="Word"/> in the instruction line) and its body as read, before tab stripping.</summary>
internal sealed record RawHeredoc(HeredocMarker Marker, Word Word, string Body);
