using Bock.Images.Build;

namespace Bock.Images.Tests.Build;

public sealed class BuildOutputTests
{
    [Theory]
    [InlineData("type=oci,dest=out.tar", BuildOutputType.Oci, "out.tar")]
    [InlineData("type=docker,dest=/tmp/img.tar", BuildOutputType.Docker, "/tmp/img.tar")]
    [InlineData("type=local,dest=out", BuildOutputType.Local, "out")]
    [InlineData("dest=d,type=local", BuildOutputType.Local, "d")]
    [InlineData("./out", BuildOutputType.Local, "./out")]
    public void Parses_buildkit_output_specs(string spec, BuildOutputType type, string dest) =>
        Assert.Equal(new BuildOutput(type, dest), BuildOutput.Parse(spec));

    [Theory]
    [InlineData("type=registry,dest=x", "unsupported type 'registry'")]
    [InlineData("type=oci", "dest= is missing")]
    [InlineData("dest=x", "type= is missing")]
    [InlineData("type=oci,dest=x,compression=zstd", "unknown key 'compression'")]
    public void Says_what_is_wrong_with_a_bad_spec(string spec, string message) =>
        Assert.Contains(message, Assert.Throws<FormatException>(() => BuildOutput.Parse(spec)).Message);
}
