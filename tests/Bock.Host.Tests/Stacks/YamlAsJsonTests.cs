using System.Text.Json.Nodes;
using Bock.Host.Stacks;

namespace Bock.Host.Tests.Stacks;

/// <summary>config --format json: plain scalars that read as numbers, booleans or null are typed; quoted ones stay strings.</summary>
public sealed class YamlAsJsonTests
{
    [Fact]
    public void Canonical_yaml_becomes_typed_json()
    {
        var json = JsonNode.Parse(YamlAsJson.Convert("name: p\nservices:\n  web:\n    image: busybox\n    ports:\n      - target: 80\n        published: \"8080\"\n    tty: true\n    command: null\n    cpus: 0.5\n    environment: [A=1]\n"))!;
        Assert.Equal("p", json["name"]!.GetValue<string>());
        var web = json["services"]!["web"]!;
        Assert.Equal(80, web["ports"]![0]!["target"]!.GetValue<long>());
        Assert.Equal("8080", web["ports"]![0]!["published"]!.GetValue<string>());
        Assert.True(web["tty"]!.GetValue<bool>());
        Assert.Null(web["command"]);
        Assert.Equal(0.5, web["cpus"]!.GetValue<double>());
        Assert.Equal("A=1", web["environment"]![0]!.GetValue<string>());
    }
}
