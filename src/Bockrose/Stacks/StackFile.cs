namespace Bockrose.Stacks;

/// <summary>
/// A secret or config file bockd writes for one service's reference to it (an <c>environment:</c> secret, an inline
/// <c>content:</c> config): <see cref="Path"/> is absolute, under the stack's files directory; <see cref="Mode"/> is
/// the file's permission bits.
/// </summary>
public sealed record StackFile(string Path, string Content, int Uid, int Gid, int Mode)
{
    /// <summary>Never the content: it is a secret.</summary>
    public override string ToString() => $"{Path} ({Uid}:{Gid} {Convert.ToString(Mode, 8)})";
}
