using Bock.Builder.Context;

namespace Bock.Builder.Tests.Context;

/// <summary>The examples of Docker's .dockerignore documentation, and moby/patternmatcher's <c>**</c> rules.</summary>
public sealed class IgnoreMatcherTests
{
    private static IgnoreMatcher Ignore(params string[] lines) => IgnoreMatcher.Parse(string.Join('\n', lines));

    [Theory]
    [InlineData("somedir/temporary.txt", true)]
    [InlineData("somedir/temp", true)]
    [InlineData("somedir/temp/inside/file", true)]
    [InlineData("somedir/subdir/temporary.txt", true)]
    [InlineData("tempa", true)]
    [InlineData("tempb", true)]
    [InlineData("temp", false)]
    [InlineData("tempab", false)]
    [InlineData("temporary.txt", false)]
    [InlineData("a/b/c/temporary.txt", false)]
    [InlineData("somedir/other.txt", false)]
    public void The_documented_example_file(string path, bool excluded)
    {
        var matcher = Ignore("# comment", "*/temp*", "*/*/temp*", "temp?");
        Assert.Equal(excluded, matcher.IsExcluded(path));
    }

    [Theory]
    [InlineData("main.go", true)]
    [InlineData("cmd/app/main.go", true)]
    [InlineData("main.go.txt", false)]
    [InlineData("go", false)]
    public void Double_star_slash_matches_any_number_of_directories_including_none(string path, bool excluded) =>
        Assert.Equal(excluded, Ignore("**/*.go").IsExcluded(path));

    [Theory]
    [InlineData("a/b", true)]
    [InlineData("a/x/b", true)]
    [InlineData("a/x/y/b", true)]
    [InlineData("a/x/y/b/c", true)]
    [InlineData("ab", false)]
    [InlineData("x/a/b", false)]
    public void Double_star_in_the_middle(string path, bool excluded) => Assert.Equal(excluded, Ignore("a/**/b").IsExcluded(path));

    [Theory]
    [InlineData("foo/x", true)]
    [InlineData("foo/x/y", true)]
    [InlineData("foo", false)]
    [InlineData("foobar/x", false)]
    public void Trailing_double_star_matches_everything_below(string path, bool excluded) => Assert.Equal(excluded, Ignore("foo/**").IsExcluded(path));

    [Fact]
    public void Double_star_alone_matches_everything() => Assert.True(Ignore("**").IsExcluded("any/path/at/all"));

    [Theory]
    [InlineData("**.go", "dir/main.go", true)]
    [InlineData("**.go", "main.go", true)]
    [InlineData("**file", "dir/myfile", true)]
    [InlineData("**/file", "dir/myfile", false)]
    [InlineData("**/file", "file", true)]
    public void A_leading_double_star_followed_by_plain_text_is_a_suffix_as_in_moby(string pattern, string path, bool excluded) =>
        Assert.Equal(excluded, Ignore(pattern).IsExcluded(path));

    [Fact]
    public void An_exception_includes_again_and_the_last_match_wins()
    {
        var readme = Ignore("*.md", "!README.md");
        Assert.True(readme.IsExcluded("CHANGELOG.md"));
        Assert.False(readme.IsExcluded("README.md"));

        var secretExcluded = Ignore("*.md", "!README*.md", "README-secret.md");
        Assert.True(secretExcluded.IsExcluded("README-secret.md"));
        Assert.False(secretExcluded.IsExcluded("README-public.md"));
        Assert.True(secretExcluded.IsExcluded("other.md"));

        var secretIncluded = Ignore("*.md", "README-secret.md", "!README*.md");
        Assert.False(secretIncluded.IsExcluded("README-secret.md"));
    }

    [Fact]
    public void A_pattern_matching_a_parent_directory_excludes_everything_in_it()
    {
        var matcher = Ignore("node_modules", "build/");
        Assert.True(matcher.IsExcluded("node_modules/left-pad/index.js"));
        Assert.True(matcher.IsExcluded("build/out/app"));
        Assert.False(matcher.IsExcluded("src/node_modules.txt"));
        // A pattern without a slash only applies at the root (unlike .gitignore).
        Assert.False(matcher.IsExcluded("src/node_modules/x"));
    }

    [Fact]
    public void An_exception_under_an_excluded_directory_includes_that_path()
    {
        var matcher = Ignore("docs", "!docs/keep.md");
        Assert.True(matcher.IsExcluded("docs/other.md"));
        Assert.False(matcher.IsExcluded("docs/keep.md"));
    }

    [Theory]
    [InlineData("/secret")]
    [InlineData("./secret")]
    [InlineData("secret/")]
    [InlineData("  secret  ")]
    [InlineData("a/../secret")]
    public void Leading_slash_dot_slash_and_trailing_slash_are_normalised(string pattern)
    {
        var matcher = Ignore(pattern);
        Assert.True(matcher.IsExcluded("secret"));
        Assert.True(matcher.IsExcluded("./secret/key"));
        Assert.True(matcher.IsExcluded("/secret"));
        Assert.False(matcher.IsExcluded("secrets"));
    }

    [Fact]
    public void Comments_only_in_the_first_column_and_blank_lines_are_skipped()
    {
        var matcher = Ignore("# not a pattern", "", "   ", "\t", " #literal");
        Assert.Equal(["#literal"], matcher.Patterns.Select(p => p.Text));
        Assert.True(matcher.IsExcluded("#literal"));
        Assert.False(matcher.IsExcluded("# not a pattern"));
    }

    [Theory]
    [InlineData("file?.txt", "file1.txt", true)]
    [InlineData("file?.txt", "file/.txt", false)]
    [InlineData("*.txt", "dir/a.txt", false)]
    [InlineData("[a-c]*.log", "b.log", true)]
    [InlineData("[a-c]*.log", "d.log", false)]
    [InlineData("[^a-c]*.log", "d.log", true)]
    [InlineData(@"\*.txt", "*.txt", true)]
    [InlineData(@"\*.txt", "a.txt", false)]
    [InlineData("a+b(c).txt", "a+b(c).txt", true)]
    [InlineData("a.txt", "abtxt", false)]
    public void Go_filepath_match_syntax(string pattern, string path, bool excluded) => Assert.Equal(excluded, Ignore(pattern).IsExcluded(path));

    [Theory]
    [InlineData("!", "illegal exclusion pattern")]
    [InlineData("[abc", "unclosed [")]
    [InlineData("a[", "unclosed [")]
    [InlineData("[^", "unclosed [")]
    [InlineData("[]a]", "unexpected ']'")]
    [InlineData("[-]", "unexpected '-'")]
    [InlineData("[x-]", "unexpected ']'")]
    [InlineData("[a-b-c]", "unexpected '-'")]
    [InlineData("\\", "trailing backslash")]
    public void Bad_patterns_are_refused(string pattern, string why) =>
        Assert.Contains(why, Assert.Throws<FormatException>(() => Ignore(pattern)).Message);

    // moby/patternmatcher's own table (patternmatcher_test.go, TestMatches with MatchesOrParentMatches).
    [Theory]
    [InlineData("**", "file", true)]
    [InlineData("**", "dir/file", true)]
    [InlineData("**/", "dir/file", true)]
    [InlineData("**/**", "dir/file", true)]
    [InlineData("dir/**", "dir/dir2/file", true)]
    [InlineData("**/dir", "dir", true)]
    [InlineData("**/dir", "dir/file", true)]
    [InlineData("**/dir2/*", "dir/dir2/file", true)]
    [InlineData("**/dir2/**", "dir/dir2/dir3/file", true)]
    [InlineData("**file", "file", true)]
    [InlineData("**file", "dir/dir/file", true)]
    [InlineData("**/file*.txt", "dir/dir/file.txt", true)]
    [InlineData("**/**/*.txt", "dir/dir/file.txt", true)]
    [InlineData("**/**/*.txt2", "dir/dir/file.txt", false)]
    [InlineData("**/*.txt", "file.txt", true)]
    [InlineData("a**/*.txt", "a/dir/dir/file.txt", true)]
    [InlineData("a/*.txt", "a/dir/file.txt", false)]
    [InlineData("a/*.txt**", "a/file.txt", true)]
    [InlineData("a[b-d]e", "ae", false)]
    [InlineData("a[b-d]e", "ace", true)]
    [InlineData("a[^b-d]e", "aze", true)]
    [InlineData(".*", ".foo", true)]
    [InlineData(".*", "foo", false)]
    [InlineData("abc.def", "abcdef", false)]
    [InlineData("abc?def", "abcZdef", true)]
    [InlineData("**/foo/bar", "dir/dir2/foo/bar", true)]
    [InlineData("abc/**", "abc", false)]
    [InlineData("**/.foo", "bar.foo", false)]
    [InlineData("a(b)c/def", "a(b)c/def", true)]
    [InlineData("a.|)$(}+{bc", "a.|)$(}+{bc", true)]
    [InlineData("dist/*.whl", "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl", true)]
    [InlineData("a\\*b", "a*b", true)]
    [InlineData("a*/b", "a/c/b", false)]
    [InlineData("a*b*c*d*e*/f", "axbxcxdxexxx/f", true)]
    [InlineData("ab[^e-g]", "abc", true)]
    [InlineData("a?b", "a☺b", true)]
    [InlineData("[\\]a]", "]", true)]
    [InlineData("[x\\-]", "-", true)]
    public void Mobys_own_cases(string pattern, string path, bool excluded) => Assert.Equal(excluded, Ignore(pattern).IsExcluded(path));

    [Fact]
    public void Mobys_multi_pattern_cases()
    {
        Assert.False(Ignore("**", "!util/docker/web").IsExcluded("util/docker/web/foo"));
        Assert.True(Ignore("**", "!util/docker/web", "util/docker/web/foo").IsExcluded("util/docker/web/foo"));
        Assert.False(Ignore("**", "!dist/*.whl").IsExcluded("dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl"));
    }

    [Fact]
    public void Crlf_line_endings_and_a_bom_are_accepted()
    {
        var matcher = IgnoreMatcher.Parse("\uFEFF*.tmp\r\n!keep.tmp\r\n");
        Assert.True(matcher.IsExcluded("x.tmp"));
        Assert.False(matcher.IsExcluded("keep.tmp"));
    }

    // Any pattern is either refused with a FormatException or matches without throwing.
    [Fact]
    public void Random_patterns_are_refused_cleanly_or_match()
    {
        const string alphabet = "ab*?[]^-\\/!.{}()+$ ";
        string[] paths = ["a", "a/b", "ab/ba", ".a", "b/a/b/a", "a*b", "[a]"];
        var random = new Random(6);
        for (var i = 0; i < 20000; i++)
        {
            var pattern = new string([.. Enumerable.Range(0, random.Next(1, 9)).Select(_ => alphabet[random.Next(alphabet.Length)])]);
            IgnoreMatcher matcher;
            try
            {
                matcher = Ignore(pattern);
            }
            catch (FormatException)
            {
                continue;
            }
            foreach (var path in paths) matcher.IsExcluded(path);
        }
    }
}
