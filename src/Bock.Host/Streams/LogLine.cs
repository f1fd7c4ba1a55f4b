namespace Bock.Host.Streams;

/// <summary>One entry of a json-file log: the text (newline included), the stream, and when it was written.</summary>
public sealed record LogLine(StdStream Stream, string Text, DateTimeOffset Time);
