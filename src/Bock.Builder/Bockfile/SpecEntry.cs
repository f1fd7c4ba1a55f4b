namespace Bock.Builder.Bockfile;

/// <summary>One key: value pair of a mapping; Bockfile keys are always scalars.</summary>
internal sealed record SpecEntry(SpecScalar Key, SpecNode Value);
