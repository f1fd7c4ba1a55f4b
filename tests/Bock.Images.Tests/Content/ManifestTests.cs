using System.Text;
using Bock.Images.Content;
using Bock.Images.Oci;

namespace Bock.Images.Tests.Content;

public sealed class ManifestTests
{
    private const string DockerList = """
        {"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.list.v2+json","manifests":[
         {"mediaType":"application/vnd.docker.distribution.manifest.v2+json","digest":"sha256:1111111111111111111111111111111111111111111111111111111111111111","size":7,"platform":{"architecture":"arm64","os":"linux","variant":"v8"}},
         {"mediaType":"application/vnd.docker.distribution.manifest.v2+json","digest":"sha256:2222222222222222222222222222222222222222222222222222222222222222","size":7,"platform":{"architecture":"amd64","os":"linux"}}]}
        """;

    [Fact]
    public void Docker_manifest_list_selects_the_platform()
    {
        ManifestDocument doc = ManifestDocument.Parse(Encoding.UTF8.GetBytes(DockerList), null, "test");
        Assert.Equal(MediaTypes.DockerManifestList, doc.MediaType);
        Assert.Equal("sha256:2222222222222222222222222222222222222222222222222222222222222222", doc.Index!.SelectPlatform(Platform.Parse("linux/amd64"), "t").Digest);
        Assert.Equal("sha256:1111111111111111111111111111111111111111111111111111111111111111", doc.Index.SelectPlatform(Platform.Parse("linux/arm64"), "t").Digest);
        var e = Assert.Throws<ImageFormatException>(() => doc.Index.SelectPlatform(Platform.Parse("linux/s390x"), "alpine"));
        Assert.Contains("linux/s390x", e.Message);
        Assert.Contains("linux/arm64/v8", e.Message);
        Assert.Equal(Digest.Compute(Encoding.UTF8.GetBytes(DockerList)), doc.Digest);
    }

    [Fact]
    public void Docker_schema2_and_oci_manifests_parse_and_schema1_is_refused()
    {
        string schema2 = """
            {"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json",
             "config":{"mediaType":"application/vnd.docker.container.image.v1+json","size":1,"digest":"sha256:3333333333333333333333333333333333333333333333333333333333333333"},
             "layers":[{"mediaType":"application/vnd.docker.image.rootfs.diff.tar.gzip","size":2,"digest":"sha256:4444444444444444444444444444444444444444444444444444444444444444"},
                       {"mediaType":"application/vnd.docker.image.rootfs.foreign.diff.tar.gzip","size":2,"digest":"sha256:5555555555555555555555555555555555555555555555555555555555555555","urls":["https://example/x"]}]}
            """;
        ManifestDocument doc = ManifestDocument.Parse(Encoding.UTF8.GetBytes(schema2), null, "t");
        Assert.Equal(MediaTypes.DockerManifest, doc.MediaType);
        Assert.Equal(2, doc.Manifest!.Layers.Count);
        Assert.True(MediaTypes.IsNonDistributable(doc.Manifest.Layers[1].MediaType));
        Assert.False(MediaTypes.IsNonDistributable(doc.Manifest.Layers[0].MediaType));

        string oci = """{"schemaVersion":2,"config":{"mediaType":"application/vnd.oci.image.config.v1+json","size":1,"digest":"sha256:3333333333333333333333333333333333333333333333333333333333333333"},"layers":[]}""";
        Assert.Equal(MediaTypes.OciManifest, ManifestDocument.Parse(Encoding.UTF8.GetBytes(oci), "application/vnd.oci.image.manifest.v1+json", "t").MediaType);

        string schema1 = """{"schemaVersion":1,"name":"x","fsLayers":[]}""";
        Assert.Contains("schema1", Assert.Throws<ImageFormatException>(() => ManifestDocument.Parse(Encoding.UTF8.GetBytes(schema1), "application/vnd.docker.distribution.manifest.v1+prettyjws", "t")).Message);
    }

    [Fact]
    public void Chain_ids_follow_the_oci_definition()
    {
        string a = Digest.Compute("a"u8), b = Digest.Compute("b"u8);
        Assert.Equal(a, Digest.ChainId([a]));
        Assert.Equal(Digest.Compute(Encoding.ASCII.GetBytes(a + " " + b)), Digest.ChainId([a, b]));
    }
}
