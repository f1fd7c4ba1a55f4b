namespace Bock.Builder.Dockerfile;

/// <summary>A <c>--name[=value]</c> flag of an instruction, quotes removed; <see cref="Value"/> is null when no <c>=</c> was written.</summary>
internal sealed record BuilderFlag(string Name, string? Value, int Start);
