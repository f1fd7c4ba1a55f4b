using Bock.Builder.Dockerfile;

namespace Bock.Builder.Tests.Dockerfile;

public sealed class VariableSubstitutionTests
{
    private static readonly Dictionary<string, string> Vars = new()
    {
        ["A"] = "a", ["E"] = "", ["SP"] = "x y", ["FILE"] = "/home/tux/book.tar.bz2", ["REF"] = "docker.io/library/alpine:3.20",
    };

    private static string Word(string word, char escape = '\\') => VariableSubstitution.Word(word, n => Vars.GetValueOrDefault(n), escape);

    [Theory]
    [InlineData("$A", "a")]
    [InlineData("${A}b", "ab")]
    [InlineData("$Ab", "")]
    [InlineData("pre$A.post", "prea.post")]
    [InlineData("${E:-d}|${E-d}|${U-d}|${U:-d}", "d||d|d")]
    [InlineData("${A:+p}|${E:+p}|${E+p}|${U+p}", "p||p|")]
    [InlineData("${U:-${A:-z}x}", "ax")]
    [InlineData("${U:-'lit $A'}", "lit $A")]
    [InlineData("${U:-a\\}b}", "a}b")]
    [InlineData("\\$A", "$A")]
    [InlineData("'$A'", "$A")]
    [InlineData("\"$A \\$A \\\" \\x\"", "a $A \" \\x")]
    [InlineData("a\\ b", "a b")]
    [InlineData("trailing\\", "trailing")]
    [InlineData("$", "$")]
    [InlineData("a$ b", "a$ b")]
    [InlineData("$1$@", "")]
    [InlineData("$SP", "x y")]
    public void Forms(string word, string expected) => Assert.Equal(expected, Word(word));

    [Theory]
    [InlineData("${FILE#*/}", "home/tux/book.tar.bz2")]
    [InlineData("${FILE##*/}", "book.tar.bz2")]
    [InlineData("${FILE%.*}", "/home/tux/book.tar")]
    [InlineData("${FILE%%.*}", "/home/tux/book")]
    [InlineData("${FILE#nomatch}", "/home/tux/book.tar.bz2")]
    [InlineData("${REF/alpine/busybox}", "docker.io/library/busybox:3.20")]
    [InlineData("${REF//./-}", "docker-io/library/alpine:3-20")]
    [InlineData("${REF/o/0}", "d0cker.io/library/alpine:3.20")]
    [InlineData("${U#x}|${U/x/y}", "|")]
    [InlineData("${REF##*/${A}}", "lpine:3.20")]
    public void Pattern_forms(string word, string expected) => Assert.Equal(expected, Word(word));

    // BuildKit's own cases (shell/lex_test.go, TestProcessWithMatches).
    [Theory]
    [InlineData(@"${FOO#()[]{\}^$.\*\?|\\}", "()[]{}^$.*?|\\x", "x")]
    [InlineData(@"${FOO%%\**}", "xx**", "xx")]
    [InlineData("${FOO#*x*y}", "xxyy", "y")]
    [InlineData("${FOO#*}", "xxyy", "xxyy")]
    [InlineData("${FOO#}", "xxyy", "xxyy")]
    [InlineData("${FOO##*x}", "xxyy", "yy")]
    [InlineData(@"${FOO#?\?}", "???y", "?y")]
    [InlineData(@"${FOO%%\**\*}", "a***yy*", "a")]
    [InlineData("${FOO%}", "xxyy", "xxyy")]
    [InlineData("${FOO///}", "xxyy", "xxyy")]
    [InlineData(@"${FOO//\//\/}", "/tmp/foo.txt", @"\/tmp\/foo.txt")]
    public void Buildkit_pattern_cases(string word, string foo, string expected) =>
        Assert.Equal(expected, VariableSubstitution.Word(word, n => n == "FOO" ? foo : null, '\\'));

    [Fact]
    public void Buildkit_pattern_cases_with_variables_as_patterns()
    {
        var vars = new Dictionary<string, string> { ["FOO"] = "/foo*/*/*.txt", ["NEEDLE"] = @"\*/", ["X"] = "/a/foo/b/c.txt", ["N2"] = "/?/", ["R"] = "/" };
        string Sub(string word) => VariableSubstitution.Word(word, n => vars.GetValueOrDefault(n), '\\');
        Assert.Equal("/foo.*/*.txt - /foo..*.txt", Sub("${FOO/$NEEDLE/.} - ${FOO//$NEEDLE/.}"));
        Assert.Equal("/foo/b/c.txt - /foo/c.txt", Sub("${X/$N2/$R} - ${X//$N2/$R}"));
    }

    [Theory]
    [InlineData("${FOO//ww}")]
    [InlineData("${FOO//}")]
    [InlineData(@"${FOO#\x}")]
    [InlineData("${FOO=aaa}")]
    public void Buildkit_refused_pattern_cases(string word) =>
        Assert.Throws<SubstitutionException>(() => VariableSubstitution.Word(word, _ => "xxyy", '\\'));

    [Theory]
    [InlineData("a b", new[] { "a", "b" })]
    [InlineData("$SP", new[] { "x", "y" })]
    [InlineData("\"$SP\"", new[] { "x y" })]
    [InlineData("pre$SP", new[] { "prex", "y" })]
    [InlineData("'' a\\ b", new[] { "", "a b" })]
    [InlineData("$E", new string[0])]
    public void Fields_split_unquoted_blanks_also_inside_values(string text, string[] expected) =>
        Assert.Equal(expected, VariableSubstitution.Fields(text, n => Vars.GetValueOrDefault(n), '\\'));

    [Fact]
    public void The_backtick_escape_leaves_backslashes_alone() => Assert.Equal(@"C:\dir\$A", Word(@"C:\dir\`$A", '`'));

    [Theory]
    [InlineData("${U:?must be set}", "U: must be set")]
    [InlineData("${E:?}", "E: is not allowed to be unset")]
    [InlineData("${}", "bad substitution: empty variable name")]
    [InlineData("${A^}", "unsupported modifier (^) in substitution of A")]
    [InlineData("${A/x", "syntax error: missing '}'")]
    public void Errors(string word, string message) => Assert.Equal(message, Assert.Throws<SubstitutionException>(() => Word(word)).Message);

    [Fact]
    public void Required_forms_pass_when_set()
    {
        Assert.Equal("a", Word("${A:?x}"));
        Assert.Equal("", Word("${E?x}"));
    }

    [Fact]
    public void A_heredoc_body_substitutes_dollars_but_keeps_quotes_and_other_backslashes() =>
        Assert.Equal("a 'a' \"a\" $A \\n\n", VariableSubstitution.Heredoc("$A '$A' \"${A}\" \\$A \\n\n", n => Vars.GetValueOrDefault(n), '\\'));
}
