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

    private static readonly JsonElement Inspected = JsonDocument.Parse("""
        {"Mounts":[{"Type":"volume","Name":"v1","Destination":"/data"},{"Type":"bind","Source":"/h","Destination":"/c"}],"Empty":null,
         "Networks":{"b":{"IPAddress":"10.0.0.3"},"a":{"IPAddress":"10.0.0.2"}}}
        """).RootElement;

    [Theory]
    [InlineData("{{range .Mounts}}{{.Type}}:{{.Destination}};{{end}}", "volume:/data;bind:/c;")]
    // A field an element lacks is Go's <no value> there (a bind has no Name), not an error.
    [InlineData("[{{range .Mounts}}{{.Name}} {{end}}]", "[v1 <no value> ]")]
    [InlineData("{{range .Networks}}{{.IPAddress}} {{end}}", "10.0.0.2 10.0.0.3 ")]
    [InlineData("x{{range .Empty}}{{.}}{{end}}y", "xy")]
    public void Range_repeats_its_body_for_each_element(string template, string expected) =>
        Assert.Equal(expected, new GoTemplate(template).Render(Inspected));

    [Fact]
    public void Table_templates_get_a_header()
    {
        var template = new GoTemplate("table {{.ID}}\t{{.Names}}");
        Assert.True(template.IsTable);
        Assert.Equal("CONTAINER ID\tNAMES", template.Header());
    }
}
