using Bock.Oci.Runtime;

namespace Bock.Oci.Tests.Unit;

public sealed class ContainerIdTests
{
    [Theory]
    [InlineData("web-1")]
    [InlineData("a.b_c+d")]
    [InlineData("0123456789abcdef")]
    public void Valid_ids(string id) => ContainerDirectory.ValidateId(id);

    [Theory]
    [InlineData("")]
    [InlineData("..")]
    [InlineData("a/b")]
    [InlineData("../../etc")]
    [InlineData("with space")]
    public void Ids_that_could_escape_the_state_root_are_refused(string id) =>
        Assert.Throws<OciException>(() => ContainerDirectory.ValidateId(id));
}
