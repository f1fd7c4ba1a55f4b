using Bockrose.Compose;
using Bockrose.Compose.Yaml;

namespace Bockrose.Tests;

public class YamlDocumentReaderTests
{
    private static MappingNode Read(string yaml) => YamlDocumentReader.Read(yaml, "f.yaml");

    private static string Text(ComposeNode? node) => ((ScalarNode)node!).Value;

    [Fact]
    public void Nodes_keep_their_line_and_column()
    {
        var root = Read("services:\n  web:\n    image: nginx\n");
        var web = (MappingNode)((MappingNode)root["services"]!)["web"]!;
        Assert.Equal(new SourceLocation("f.yaml", 3, 12), web["image"]!.Location);
        Assert.Equal(new SourceLocation("f.yaml", 3, 5), web.Find("image")!.Key.Location);
    }

    [Fact]
    public void Merge_key_explicit_keys_win_and_earlier_sources_win()
    {
        var root = Read("a: &a {x: a, y: a}\nb: &b {x: b, y: b, z: b}\nc:\n  <<: [*a, *b]\n  y: own\n");
        var c = (MappingNode)root["c"]!;
        Assert.Equal(("a", "own", "b"), (Text(c["x"]), Text(c["y"]), Text(c["z"])));
        Assert.DoesNotContain("<<", c.Keys);
    }

    [Fact]
    public void Merge_keys_apply_inside_merged_mappings_and_aliases_share_values()
    {
        var root = Read("base: &base {k: 1}\nmid: &mid {<<: *base, m: 2}\nleaf: {<<: *mid}\nsame: *base\n");
        var leaf = (MappingNode)root["leaf"]!;
        Assert.Equal(["k", "m"], leaf.Keys.Order());
        Assert.Equal("1", Text(((MappingNode)root["same"]!)["k"]));
    }

    [Fact]
    public void Quoted_scalars_are_strings_and_plain_ones_are_typed()
    {
        var root = Read("a: 1\nb: \"1\"\nc: true\nd: ~\ne: 1.5\nf: 0x1F\n");
        Assert.Equal(1L, ((ScalarNode)root["a"]!).AsInteger());
        Assert.Null(((ScalarNode)root["b"]!).AsInteger());
        Assert.True(((ScalarNode)root["c"]!).AsBool());
        Assert.True(((ScalarNode)root["d"]!).IsNull);
        Assert.Equal(1.5, ((ScalarNode)root["e"]!).AsFloat());
        Assert.Equal(31L, ((ScalarNode)root["f"]!).AsInteger());
    }

    [Fact]
    public void Tags_are_kept_for_the_merge()
    {
        var root = Read("a: !reset []\nb: !override {x: 1}\n");
        Assert.Equal("!reset", root["a"]!.Tag);
        Assert.Equal("!override", root["b"]!.Tag);
    }

    [Fact]
    public void Empty_file_is_an_empty_mapping() => Assert.Empty(Read("").Entries);

    [Theory]
    [InlineData("- a\n- b\n", "f.yaml:1:1: the top level of a compose file must be a mapping")]
    [InlineData("a: 1\n---\nb: 2\n", "f.yaml:1:1: a compose file holds exactly one YAML document")]
    [InlineData("a: [1, 2\n", "f.yaml:2:1: invalid YAML")]
    [InlineData("a: *nowhere\n", "f.yaml:1:1: invalid YAML: The anchor 'nowhere'")]
    [InlineData("a: {<<: 5}\n", "f.yaml:1:9: a merge key (<<) takes a mapping or a list of mappings")]
    public void Bad_documents(string yaml, string messageStart) =>
        Assert.StartsWith(messageStart, Assert.Throws<ComposeException>(() => Read(yaml)).Message);

    [Theory]
    [InlineData("a: 1\na: 2\n", "f.yaml:2:1: invalid YAML: Duplicate key a")]
    [InlineData("s:\n  web:\n    image: x\n    ports: [1]\n    image: y\n", "f.yaml:5:5: invalid YAML: Duplicate key image")]
    [InlineData("l: [{k: 1}, {k: 2}]\nm: {x: [a, b], x: c}\n", "f.yaml:2:16: invalid YAML: Duplicate key x")]
    public void Duplicate_keys_are_reported_at_the_second_one(string yaml, string message) =>
        Assert.Equal(message, Assert.Throws<ComposeException>(() => Read(yaml)).Message);
}
