namespace Bock.Builder.Dockerfile;

/// <summary>A stage as split from the instruction list: its FROM line's parts and the instructions after it.</summary>
internal sealed record StageHeader(int Index, string Name, RawInstruction From, Word Image, string? Platform,
    IReadOnlyList<RawInstruction> Body);
