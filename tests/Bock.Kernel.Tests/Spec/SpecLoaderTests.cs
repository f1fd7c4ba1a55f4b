using System.Text;
using Bock.Kernel.Spec;
using Xunit;

namespace Bock.Kernel.Tests.Spec;

public sealed class SpecLoaderTests
{
    private static SpecException Fail(string json) =>
        Assert.Throws<SpecException>(() =>
        {
            var spec = SpecLoader.Parse(Encoding.UTF8.GetBytes(json), "config.json");
            SpecValidator.Validate(spec, "config.json");
        });

    private const string Valid = """{"ociVersion":"1.0.2","root":{"path":"rootfs"},"process":{"args":["sh"],"cwd":"/"}""";

    [Fact]
    public void A_valid_document_parses_and_round_trips()
    {
        var spec = SpecLoader.Parse(Encoding.UTF8.GetBytes(Valid + "}"), "config.json");
        SpecValidator.Validate(spec, "config.json");
        Assert.Equal(["sh"], spec.Process!.Args);
        var again = SpecLoader.Parse(Encoding.UTF8.GetBytes(SpecLoader.Serialize(spec)), "again");
        Assert.Equal(spec.Root, again.Root);
    }

    [Fact]
    public void The_default_spec_is_valid() => SpecValidator.Validate(DefaultSpec.Create(), "default");

    [Theory]
    [InlineData("""{"process":{"terminal":"yes"}}""", "$.process.terminal")]
    [InlineData("""{"process":{"args":"sh"}}""", "$.process.args")]
    [InlineData("""{"linux":{"namespaces":[{"type":"pid"},{"type":7}]}}""", "$.linux.namespaces[1].type")]
    [InlineData("""{"process":{"user":{"uid":-1}}}""", "$.process.user.uid")]
    public void Type_errors_name_the_json_path(string json, string path) =>
        Assert.StartsWith($"config.json: {path}", Fail(json).Message);

    [Fact]
    public void Syntax_errors_name_line_and_column() =>
        Assert.Contains("(line 2, column", Fail("{\n  \"root\": }").Message);

    [Theory]
    [InlineData(""","linux":{"namespaces":[{"type":"pid"},{"type":"bogus"}]}}""", "$.linux.namespaces[1].type: unknown namespace type \"bogus\"")]
    [InlineData(""","linux":{"namespaces":[{"type":"pid"},{"type":"pid"}]}}""", "$.linux.namespaces[1].type: namespace \"pid\" is listed twice")]
    [InlineData(""","mounts":[{"destination":"relative"}]}""", "$.mounts[0].destination: must be an absolute path")]
    [InlineData(""","hostname":"h"}""", "$.hostname: setting a hostname needs a new uts namespace")]
    [InlineData(""","linux":{"devices":[{"type":"x","path":"/dev/x"}]}}""", "$.linux.devices[0].type: unknown device type")]
    [InlineData(""","linux":{"rootfsPropagation":"sideways"}}""", "$.linux.rootfsPropagation: unknown propagation")]
    public void Semantic_errors_name_the_json_path(string tail, string expected) =>
        Assert.Contains(expected, Fail(Valid + tail).Message);

    [Theory]
    [InlineData("""{"root":{"path":"rootfs"},"process":{"args":["sh"],"cwd":"/","rlimits":[{"type":"RLIMIT_BOGUS","soft":1,"hard":1}]}}""", "$.process.rlimits[0].type")]
    [InlineData("""{"root":{"path":"rootfs"},"process":{"args":["sh"],"cwd":"/","capabilities":{"bounding":["CAP_FLY"]}}}""", "$.process.capabilities.bounding[0]")]
    [InlineData("""{"root":{"path":"rootfs"},"process":{"args":[],"cwd":"/"}}""", "$.process.args")]
    [InlineData("""{"root":{"path":"rootfs"},"process":{"args":["sh"],"cwd":"tmp"}}""", "$.process.cwd")]
    public void Process_errors_name_the_json_path(string json, string path) =>
        Assert.StartsWith($"config.json: {path}", Fail(json).Message);
}
