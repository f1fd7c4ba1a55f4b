using Bockrose.Compose.Merge;
using Bockrose.Compose.Output;
using Bockrose.Compose.Yaml;

namespace Bockrose.Tests;

/// <summary>The compose-spec merge rules on two files' nodes (after ListForms, as the loader runs them).</summary>
public class MergeTests
{
    private static MappingNode Merge(string a, string b) =>
        NodeMerger.MergeFiles(
            ListForms.Canonicalize(YamlDocumentReader.Read(a, "a.yaml")),
            ListForms.Canonicalize(YamlDocumentReader.Read(b, "b.yaml")));

    private static MappingNode Web(MappingNode model) => (MappingNode)((MappingNode)model["services"]!)["web"]!;

    private static IEnumerable<string> Scalars(ComposeNode? node) => ((SequenceNode)node!).Items.Select(i => ((ScalarNode)i).Value);

    [Fact]
    public void Mappings_merge_and_scalars_are_replaced()
    {
        var web = Web(Merge("services: {web: {image: a, user: u}}", "services: {web: {image: b, hostname: h}}"));
        Assert.Equal(["image", "user", "hostname"], web.Keys);
        Assert.Equal("b", ((ScalarNode)web["image"]!).Value);
    }

    [Fact]
    public void Environment_merges_by_key_whichever_form_each_file_uses()
    {
        var web = Web(Merge("services: {web: {environment: [A=1, B=2]}}", "services: {web: {environment: {B: 3, C: 4}}}"));
        var env = (MappingNode)web["environment"]!;
        Assert.Equal(["A", "B", "C"], env.Keys);
        Assert.Equal("3", ((ScalarNode)env["B"]!).Value);
    }

    [Fact]
    public void Command_entrypoint_and_healthcheck_test_are_replaced()
    {
        var web = Web(Merge(
            "services: {web: {command: [a, b], entrypoint: [x], healthcheck: {test: [CMD, one], retries: 3}}}",
            "services: {web: {command: [c], entrypoint: [y, z], healthcheck: {test: [CMD, two]}}}"));
        Assert.Equal(["c"], Scalars(web["command"]));
        Assert.Equal(["y", "z"], Scalars(web["entrypoint"]));
        var health = (MappingNode)web["healthcheck"]!;
        Assert.Equal(["CMD", "two"], Scalars(health["test"]));
        Assert.Equal("3", ((ScalarNode)health["retries"]!).Value);
    }

    [Fact]
    public void Other_sequences_append_without_duplicates()
    {
        var web = Web(Merge("services: {web: {dns: [1.1.1.1, 9.9.9.9], cap_add: [A]}}", "services: {web: {dns: [8.8.8.8, 1.1.1.1]}}"));
        Assert.Equal(["1.1.1.1", "9.9.9.9", "8.8.8.8"], Scalars(web["dns"]));
        Assert.Equal(["A"], Scalars(web["cap_add"]));
    }

    [Fact]
    public void Ports_merge_by_address_published_target_and_protocol()
    {
        var web = Web(Merge(
            "services: {web: {ports: ['8080:80', '9090:90', '53:53/udp']}}",
            "services: {web: {ports: ['9090:90', '53:53/tcp', {target: 80, published: '8080', protocol: tcp}]}}"));
        var ports = ((SequenceNode)web["ports"]!).Items;
        Assert.Equal(4, ports.Length);
        Assert.IsType<MappingNode>(ports[0]); // the long form replaced the same port in place
        Assert.Equal("53:53/tcp", ((ScalarNode)ports[3]).Value);
    }

    [Fact]
    public void Volumes_secrets_and_configs_merge_by_target()
    {
        var web = Web(Merge(
            "services: {web: {volumes: ['a:/data', './x:/x'], secrets: [s1, {source: s2, target: t}]}}",
            "services: {web: {volumes: ['b:/data', {type: bind, source: ./y, target: /y}], secrets: [{source: s3, target: t}, s1]}}"));
        var volumes = ((SequenceNode)web["volumes"]!).Items;
        Assert.Equal(["b:/data", "./x:/x"], volumes.Take(2).Select(v => ((ScalarNode)v).Value));
        Assert.Equal(3, volumes.Length);
        var secrets = ((SequenceNode)web["secrets"]!).Items;
        Assert.Equal(2, secrets.Length);
        Assert.Equal("s3", ((ScalarNode)((MappingNode)secrets[1])["source"]!).Value);
    }

    [Fact]
    public void Depends_on_and_networks_lists_become_mappings_and_merge()
    {
        var web = Web(Merge(
            "services: {web: {depends_on: [db], networks: [front]}}",
            "services: {web: {depends_on: {cache: {condition: service_healthy}}, networks: {back: {aliases: [b]}}}}"));
        var deps = (MappingNode)web["depends_on"]!;
        Assert.Equal(["db", "cache"], deps.Keys);
        Assert.Equal("service_started", ((ScalarNode)((MappingNode)deps["db"]!)["condition"]!).Value);
        Assert.Equal(["front", "back"], ((MappingNode)web["networks"]!).Keys);
    }

    [Fact]
    public void Reset_removes_and_override_replaces()
    {
        var web = Web(Merge(
            "services: {web: {ports: ['80:80'], environment: {A: 1, B: 2}, labels: {x: 1, y: 2}}}",
            "services: {web: {ports: !reset [], environment: {A: !reset null}, labels: !override {z: 3}}}"));
        Assert.Null(web["ports"]);
        Assert.Equal(["B"], ((MappingNode)web["environment"]!).Keys);
        Assert.Equal(["z"], ((MappingNode)web["labels"]!).Keys);
        Assert.Null(web["labels"]!.Tag);
    }
}
