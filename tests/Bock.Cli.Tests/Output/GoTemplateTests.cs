using System.Text.Json;
using Bock.Cli.Output;

namespace Bock.Cli.Tests.Output;

public sealed class GoTemplateTests
{
    private static readonly JsonElement Container = JsonDocument.Parse("""
        {"ID":"abc","Names":"web","State":{"Status":"running","Pid":42},"Labels":{"tier":"front"},"Args":["a","b"],"Networks":{"front":{"IPAddress":"10.0.0.2"}}}
        """).RootElement;

    [Theory]
    [InlineData("{{.ID}} {{.Names}}", "abc web")]
    [InlineData("{{.State.Status}}/{{.State.Pid}}", "running/42")]
    [InlineData("{{index .Labels \"tier\"}}", "front")]
    [InlineData("{{.Label \"tier\"}}", "front")]
    [InlineData("{{json .Args}}", "[\"a\",\"b\"]")]
    [InlineData("{{.id}}", "abc")]
    [InlineData("{{.Names}}\\t{{.ID}}", "web\tabc")]
    [InlineData("{{upper .Names}}", "WEB")]
    [InlineData("{{(index .Networks \"front\").IPAddress}}", "10.0.0.2")]
    [InlineData("{{(index .Networks \"back\").IPAddress}}", "<no value>")]
    public void Fields_render_as_docker_does(string template, string expected) =>
        Assert.Equal(expected, new GoTemplate(template).Render(Container));

    [Fact]
    public void An_unknown_field_is_an_error_not_an_empty_string() =>
        Assert.Throws<FormatException>(() => new GoTemplate("{{.Nope}}").Render(Container));

    [Fact]
    public void Table_templates_get_a_header()
    {
        var template = new GoTemplate("table {{.ID}}\t{{.Names}}");
        Assert.True(template.IsTable);
        Assert.Equal("CONTAINER ID\tNAMES", template.Header());
    }
}
