using Bock.Builder.Bockfile;
using Bock.Builder.Graph;

namespace Bock.Builder.Tests.Bockfile;

public sealed class VariableSubstitutionTests
{
    private static readonly SpecScalar At = new(new SourceLocation("Bockfile", 4, 9), "", true);
    private static readonly Dictionary<string, string> Vars = new() { ["SET"] = "value", ["EMPTY"] = "", ["NAME"] = "SET" };

    private static string Expand(string text) => VariableSubstitution.Expand(text, n => Vars.GetValueOrDefault(n), At);

    [Theory]
    [InlineData("$SET", "value")]
    [InlineData("${SET}", "value")]
    [InlineData("a${SET}b$SET.c", "avaluebvalue.c")]
    [InlineData("$UNSET|${UNSET}", "|")]
    [InlineData("${SET:-w}|${EMPTY:-w}|${UNSET:-w}", "value|w|w")]
    [InlineData("${SET-w}|${EMPTY-w}|${UNSET-w}", "value||w")]
    [InlineData("${SET:+w}|${EMPTY:+w}|${UNSET:+w}", "w||")]
    [InlineData("${SET+w}|${EMPTY+w}|${UNSET+w}", "w|w|")]
    [InlineData("${UNSET:-${SET}-x}", "value-x")]
    [InlineData("${UNSET:-${ALSO:-deep}}", "deep")]
    [InlineData(@"\$SET costs \${SET}", "$SET costs ${SET}")]
    [InlineData(@"C:\new\dir \\$SET", @"C:\new\dir \$SET")]
    [InlineData("$ 1 $1 $-", "$ 1 $1 $-")]
    [InlineData("${EMPTY?x}", "")]
    public void Expands_the_dockerfile_forms(string text, string expected) => Assert.Equal(expected, Expand(text));

    [Theory]
    [InlineData("${UNSET:?give it}", "Bockfile:4:9: UNSET: give it")]
    [InlineData("${EMPTY:?}", "Bockfile:4:9: EMPTY: is not set or is empty")]
    [InlineData("${UNSET?}", "Bockfile:4:9: UNSET: is not set")]
    [InlineData("${SET", "Bockfile:4:9: unterminated '${' in '${SET'")]
    [InlineData("${}", "Bockfile:4:9: bad substitution '${}'")]
    [InlineData("${SET#prefix}", "Bockfile:4:9: unsupported substitution '${SET#prefix}': the forms are ${v}, ${v:-w}, ${v-w}, ${v:+w}, ${v+w}, ${v:?message}, ${v?message}")]
    public void Fails_at_the_scalar_with_the_reason(string text, string message) =>
        Assert.Equal(message, Assert.Throws<BuildSpecException>(() => Expand(text)).Message);
}
