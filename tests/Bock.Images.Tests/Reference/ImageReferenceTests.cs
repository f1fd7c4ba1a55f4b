using Bock.Images.Reference;

namespace Bock.Images.Tests.Reference;

public sealed class ImageReferenceTests
{
    private const string Hex = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    [Theory]
    [InlineData("alpine", "docker.io/library/alpine:latest")]
    [InlineData("alpine:3.20", "docker.io/library/alpine:3.20")]
    [InlineData("library/alpine", "docker.io/library/alpine:latest")]
    [InlineData("docker.io/alpine", "docker.io/library/alpine:latest")]
    [InlineData("index.docker.io/library/alpine", "docker.io/library/alpine:latest")]
    [InlineData("user/app:v1", "docker.io/user/app:v1")]
    [InlineData("localhost:5000/x/y:tag", "localhost:5000/x/y:tag")]
    [InlineData("localhost/x", "localhost/x:latest")]
    [InlineData("quay.io/a/b/c", "quay.io/a/b/c:latest")]
    [InlineData("127.0.0.1:5000/a", "127.0.0.1:5000/a:latest")]
    [InlineData("[::1]:5000/a:b", "[::1]:5000/a:b")]
    [InlineData("Registry/x", "Registry/x:latest")]
    [InlineData("a__b/c-d.e_f:T.ag-1", "docker.io/a__b/c-d.e_f:T.ag-1")]
    [InlineData("alpine@sha256:" + Hex, "docker.io/library/alpine@sha256:" + Hex)]
    [InlineData("alpine:3@sha256:" + Hex, "docker.io/library/alpine:3@sha256:" + Hex)]
    public void Normalises_like_docker(string input, string expected) =>
        Assert.Equal(expected, ImageReference.Parse(input).ToString());

    [Fact]
    public void Splits_domain_path_tag_digest()
    {
        ImageReference r = ImageReference.Parse("localhost:5000/x/y:tag");
        Assert.Equal(("localhost:5000", "x/y", "tag", (string?)null), (r.Domain, r.Path, r.Tag, r.Digest));
        Assert.Equal("registry-1.docker.io", ImageReference.Parse("alpine").RegistryHost);
        Assert.Equal("alpine:latest", ImageReference.Parse("alpine").FamiliarName);
        ImageReference d = ImageReference.Parse("x@sha256:" + Hex);
        Assert.Null(d.Tag);
        Assert.Equal("sha256:" + Hex, d.ManifestReference);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("Alpine", "must be lowercase")]
    [InlineData("alpine:", "invalid tag")]
    [InlineData("alpine:-x", "invalid tag")]
    [InlineData("alpine@sha256:abc", "invalid digest")]
    [InlineData("alpine@md5:" + Hex, "invalid digest")]
    [InlineData("a//b", "empty path component")]
    [InlineData("a/b_", "invalid repository path component")]
    [InlineData("-a", "invalid repository path component")]
    [InlineData(":tag", "repository name is empty")]
    [InlineData("local host:5000/x", "invalid")]
    [InlineData("bad_host:5000/x", "invalid registry host")]
    public void Rejects_invalid_references_saying_why(string input, string why)
    {
        var e = Assert.Throws<InvalidReferenceException>(() => ImageReference.Parse(input));
        Assert.Contains(why, e.Message);
        Assert.Contains($"'{input}'", e.Message);
    }

    [Fact]
    public void Rejects_names_longer_than_255() =>
        Assert.Contains("longer than 255", Assert.Throws<InvalidReferenceException>(() => ImageReference.Parse("a/" + new string('b', 260))).Message);
}
