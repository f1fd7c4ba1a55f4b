using Bockrose.Compose;
using Bockrose.Compose.Output;

namespace Bockrose.Tests;

public class OutputAndNamesTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("1", "\"1\"")]
    [InlineData("1.5", "\"1.5\"")]
    [InlineData("1e3", "\"1e3\"")]
    [InlineData("0x1F", "\"0x1F\"")]
    [InlineData("22:22", "\"22:22\"")]
    [InlineData("80:80", "80:80")]
    [InlineData("127.0.0.1", "127.0.0.1")]
    [InlineData("1000:1000", "1000:1000")]
    [InlineData("true", "\"true\"")]
    [InlineData("yes", "\"yes\"")]
    [InlineData("null", "\"null\"")]
    [InlineData("", "\"\"")]
    [InlineData(" lead", "\" lead\"")]
    [InlineData("a: b", "\"a: b\"")]
    [InlineData("a #b", "\"a #b\"")]
    [InlineData("*star", "\"*star\"")]
    [InlineData("-c", "-c")]
    [InlineData("- c", "\"- c\"")]
    [InlineData("line\nbreak", "\"line\\nbreak\"")]
    [InlineData("cost $5", "cost $$5")]
    public void Strings_are_quoted_only_when_a_reader_would_see_something_else(string value, string yaml) =>
        Assert.Equal(yaml, CanonicalYaml.Scalar(value));

    [Theory]
    [InlineData("My_App.Dir", "my_appdir")]
    [InlineData("--Weird Name!", "weirdname")]
    [InlineData("already-ok_1", "already-ok_1")]
    public void Directory_names_are_normalised(string dir, string name) => Assert.Equal(name, ProjectNames.Normalize(dir));

    [Theory]
    [InlineData("ok", true)]
    [InlineData("1st-project_x", true)]
    [InlineData("Upper", false)]
    [InlineData("-dash", false)]
    [InlineData("has.dot", false)]
    [InlineData("", false)]
    public void Explicit_names_are_validated(string name, bool valid) => Assert.Equal(valid, ProjectNames.IsValid(name));

    [Fact]
    public void Locator_follows_the_search_order_and_adds_the_override()
    {
        var dir = Directory.CreateTempSubdirectory("bockrose-locator").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "bockrose.yaml"), "");
            Assert.Equal([Path.Combine(dir, "bockrose.yaml")], ComposeFileLocator.Find(dir));
            File.WriteAllText(Path.Combine(dir, "docker-compose.yml"), "");
            Assert.Equal([Path.Combine(dir, "docker-compose.yml")], ComposeFileLocator.Find(dir));
            File.WriteAllText(Path.Combine(dir, "compose.yaml"), "");
            File.WriteAllText(Path.Combine(dir, "compose.override.yml"), "");
            Assert.Equal([Path.Combine(dir, "compose.yaml"), Path.Combine(dir, "compose.override.yml")], ComposeFileLocator.Find(dir));
            var nested = Directory.CreateDirectory(Path.Combine(dir, "a", "b")).FullName;
            Assert.Equal(Path.Combine(dir, "compose.yaml"), ComposeFileLocator.Find(nested)[0]);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Did_you_mean_picks_the_closest_key_within_reach()
    {
        Assert.Equal("environment", EditDistance.Suggest("enviroment", ["image", "environment", "env_file"]));
        Assert.Equal("image", EditDistance.Suggest("Imgae", ["image", "init"]));
        Assert.Null(EditDistance.Suggest("zzzz", ["image", "init"]));
        Assert.Equal(3, EditDistance.Between("kitten", "sitting"));
    }
}
