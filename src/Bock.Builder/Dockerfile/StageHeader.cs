using Bock.Builder.Graph;

namespace Bock.Builder.Dockerfile;

/// <summary>
/// A stage as split from the instruction list: its FROM line's parts and the instructions after it. A FROM line that
/// could not be read keeps its error in <see cref="Invalid"/> until the stage is compiled, so earlier errors come first.
/// </summary>
internal sealed record StageHeader(int Index, string Name, RawInstruction From, Word Image, string? Platform,
    IReadOnlyList<RawInstruction> Body)
{
    public BuildSpecException? Invalid { get; init; }
}
