using Bock.Builder.Bockfile;
using Bock.Builder.Graph;

namespace Bock.Builder.Tests.Bockfile;

public sealed class SpecNodeReaderTests
{
    [Fact]
    public void Nodes_keep_one_based_lines_and_columns_as_editors_count_them()
    {
        var root = (SpecMapping)SpecNodeReader.Read("a: 1\nlist:\n  - x\n  -   \"y\"\n", "f");
        Assert.Equal(new SourceLocation("f", 1, 1), root.Entries[0].Key.Location);
        Assert.Equal(new SourceLocation("f", 1, 4), root.Entries[0].Value.Location);
        var list = (SpecSequence)root.Entries[1].Value;
        Assert.Equal(new SourceLocation("f", 3, 5), list.Items[0].Location);
        var quoted = (SpecScalar)list.Items[1];
        Assert.Equal(new SourceLocation("f", 4, 7), quoted.Location);
        Assert.False(quoted.IsPlain);
    }

    [Fact]
    public void Aliases_resolve_to_the_anchored_node()
    {
        var root = (SpecMapping)SpecNodeReader.Read("x-a: &m {k: v}\nb: *m\n", "f");
        Assert.Same(root.Entries[0].Value, root.Entries[1].Value);
    }

    [Theory]
    [InlineData("", "f:1:1: the Bockfile is empty")]
    [InlineData("a: 1\nb: 2\na: 3\n", "f:3:1: duplicate key 'a' (first at line 1, column 1)")]
    [InlineData("a: *nope\n", "f:1:4: unknown alias '*nope'")]
    [InlineData("a: 1\n---\nb: 2\n", "f:2:1: a Bockfile is one YAML document; found a second one")]
    [InlineData("? [x]\n: 1\n", "f:1:3: a key must be a name, not a list")]
    public void Refuses_what_a_bockfile_cannot_be(string yaml, string message) =>
        Assert.Equal(message, Assert.Throws<BuildSpecException>(() => SpecNodeReader.Read(yaml, "f")).Message);
}
