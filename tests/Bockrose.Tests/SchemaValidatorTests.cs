using Bockrose.Compose;
using Bockrose.Compose.Validation;
using Bockrose.Compose.Yaml;

namespace Bockrose.Tests;

public class SchemaValidatorTests
{
    private static string Errors(string yaml) =>
        Assert.Throws<ComposeException>(() => SchemaValidator.Validate(YamlDocumentReader.Read(yaml, "c.yaml"))).Message;

    [Fact]
    public void A_valid_file_passes() =>
        SchemaValidator.Validate(YamlDocumentReader.Read("services:\n  web:\n    image: nginx\n    ports: ['80:80', 81]\nx-any: {anything: [1]}\n", "c.yaml"));

    [Fact]
    public void Unknown_top_level_key_with_suggestion() =>
        Assert.Equal("c.yaml:1:1: unknown key \"service\" (did you mean \"services\"?)", Errors("service:\n  web: {image: x}\n"));

    [Fact]
    public void Unknown_key_without_a_close_match_has_no_suggestion() =>
        Assert.Equal("c.yaml:2:19: services.web: unknown key \"frobnicate\"", Errors("services:\n  web: {image: x, frobnicate: 1}\n"));

    [Fact]
    public void Unknown_key_deep_inside_a_oneOf_branch() =>
        Assert.Equal("c.yaml:5:13: services.web.depends_on.db: unknown key \"conditon\" (did you mean \"condition\"?)",
            Errors("services:\n  web:\n    depends_on:\n      db:\n            conditon: service_started\n"));

    [Fact]
    public void A_badly_formed_name_is_not_an_unknown_key() =>
        Assert.Equal("c.yaml:2:3: services: \"web app\" is not a valid name (it must match ^[a-zA-Z0-9._-]+$)",
            Errors("services:\n  web app: {image: x}\n"));

    [Fact]
    public void Wrong_types_name_the_expected_type() =>
        Assert.Equal(
            "c.yaml:3:12: services.web.image must be a string\nc.yaml:4:24: services.web.deploy.replicas must be an integer or a string",
            Errors("services:\n  web:\n    image: {a: b}\n    deploy: {replicas: 1.5}\n").ReplaceLineEndings("\n"));

    [Fact]
    public void Enum_violations_are_reported_with_their_path() =>
        Assert.StartsWith("c.yaml:5:20: services.web.depends_on.db.condition:",
            Errors("services:\n  web:\n    depends_on:\n      db:\n        condition: service_ready\n"));

    [Fact]
    public void Interpolated_values_are_strings_for_the_schema()
    {
        var node = YamlDocumentReader.Read("services:\n  web:\n    image: x\n    ports: [true]\n", "c.yaml");
        Assert.Throws<ComposeException>(() => SchemaValidator.Validate(node));
        var web = (MappingNode)((MappingNode)node["services"]!)["web"]!;
        var ports = (SequenceNode)web["ports"]!;
        var interpolated = ports with { Items = [((ScalarNode)ports.Items[0]) with { Interpolated = true }] };
        SchemaValidator.Validate(node.With("services", ((MappingNode)node["services"]!).With("web", web.With("ports", interpolated))));
    }
}
