namespace Bock.Builder.Dockerfile;

/// <summary>A word of an instruction as written (quotes and escapes kept) and where it starts in its <see cref="LogicalLine"/>.</summary>
internal sealed record Word(string Text, int Start);
