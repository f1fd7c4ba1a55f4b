using System.Net;
using System.Text;
using System.Text.Json;
using Bock.Images.Content;
using Bock.Images.Oci;
using Bock.Images.Reference;
using Bock.Images.Registry;
using Bock.Images.Store;
using Bock.Images.Tests.Support;

namespace Bock.Images.Tests.Registry;

public sealed class RegistryClientLogicTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    internal static (byte[] Manifest, string ManifestDigest, byte[] Config, byte[] Layer, string LayerDigest) SmallImage()
    {
        byte[] layer = new TarBuilder().File("f", "x").ToArray();
        string diffId = Digest.Compute(layer);
        byte[] config = Encoding.UTF8.GetBytes("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + diffId + "\"]}}");
        byte[] manifest = Encoding.UTF8.GetBytes($$"""
            {"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json",
             "config":{"mediaType":"application/vnd.docker.container.image.v1+json","size":{{config.Length}},"digest":"{{Digest.Compute(config)}}"},
             "layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","size":{{layer.Length}},"digest":"{{diffId}}"}]}
            """);
        return (manifest, Digest.Compute(manifest), config, layer, diffId);
    }

    [Fact]
    public async Task Anonymous_bearer_token_flow_like_docker_hub()
    {
        var image = SmallImage();
        const string token = "tok-123";
        var handler = new FakeRegistryHandler(request =>
        {
            string path = request.RequestUri!.AbsolutePath;
            if (request.RequestUri.Host == "auth.example")
            {
                Assert.Equal("registry.example", Query(request, "service"));
                Assert.Equal("repository:library/app:pull", Query(request, "scope"));
                Assert.Null(request.Headers.Authorization);
                return FakeRegistryHandler.Json($$"""{"token":"{{token}}","expires_in":300}""");
            }
            if (request.Headers.Authorization?.ToString() != "Bearer " + token)
            {
                var challenge = FakeRegistryHandler.Status(HttpStatusCode.Unauthorized);
                challenge.Headers.TryAddWithoutValidation("WWW-Authenticate", "Bearer realm=\"https://auth.example/token\",service=\"registry.example\",scope=\"repository:library/app:pull\"");
                return challenge;
            }
            if (path.EndsWith("/manifests/latest"))
                return FakeRegistryHandler.Bytes(image.Manifest, MediaTypes.DockerManifest);
            if (path.EndsWith(Digest.Compute(image.Config)))
                return FakeRegistryHandler.Bytes(image.Config);
            if (path.EndsWith(image.LayerDigest))
                return FakeRegistryHandler.Bytes(image.Layer);
            return FakeRegistryHandler.Status(HttpStatusCode.NotFound);
        });
        using var client = new RegistryClient(new RegistryOptions { Handler = handler });
        var store = new ImageStore(_dir.Path);
        Image pulled = await client.PullAsync(store, ImageReference.Parse("registry.example/library/app"));
        Assert.Equal(image.ManifestDigest, pulled.ManifestDigest);
        Assert.All(handler.Requests.Where(r => r.RequestUri!.Host == "registry.example"), r => Assert.Equal("https", r.RequestUri!.Scheme));
        // one token fetch serves every later request
        Assert.Single(handler.Requests, r => r.RequestUri!.Host == "auth.example");
    }

    [Fact]
    public async Task Bearer_token_request_carries_stored_credentials()
    {
        var credentials = new CredentialStore(_dir.Combine("config.json"));
        credentials.Save("registry.example", new RegistryCredentials("alice", "pw"));
        string? seen = null;
        var handler = new FakeRegistryHandler(request =>
        {
            if (request.RequestUri!.Host == "auth.example")
            {
                seen = request.Headers.Authorization?.ToString();
                return FakeRegistryHandler.Json("""{"access_token":"t"}""");
            }
            if (request.Headers.Authorization is null)
            {
                var challenge = FakeRegistryHandler.Status(HttpStatusCode.Unauthorized);
                challenge.Headers.TryAddWithoutValidation("WWW-Authenticate", "Bearer realm=\"https://auth.example/token\",service=\"registry.example\"");
                return challenge;
            }
            return FakeRegistryHandler.Status(HttpStatusCode.OK);
        });
        using var client = new RegistryClient(new RegistryOptions { Handler = handler, Credentials = credentials });
        await client.PingAsync("registry.example");
        Assert.Equal("Basic " + Convert.ToBase64String("alice:pw"u8.ToArray()), seen);
    }

    [Fact]
    public async Task Registry_returning_a_wrong_blob_fails_with_digest_error_and_stores_nothing()
    {
        var image = SmallImage();
        var handler = new FakeRegistryHandler(request =>
        {
            string path = request.RequestUri!.AbsolutePath;
            if (path.EndsWith("/manifests/v1"))
                return FakeRegistryHandler.Bytes(image.Manifest, MediaTypes.DockerManifest);
            if (path.EndsWith(Digest.Compute(image.Config)))
                return FakeRegistryHandler.Bytes(image.Config);
            if (path.EndsWith(image.LayerDigest))
                return FakeRegistryHandler.Bytes(new TarBuilder().File("f", "evil").ToArray());
            return FakeRegistryHandler.Status(HttpStatusCode.NotFound);
        });
        using var client = new RegistryClient(new RegistryOptions { Handler = handler });
        var store = new ImageStore(_dir.Path);
        var e = await Assert.ThrowsAsync<RegistryException>(() => client.PullAsync(store, ImageReference.Parse("localhost:5000/x:v1")));
        Assert.Equal(RegistryErrorKind.DigestMismatch, e.Kind);
        Assert.Contains("localhost:5000", e.Message);
        Assert.Contains(image.LayerDigest, e.Message);
        Assert.False(store.Blobs.Exists(image.LayerDigest));
        Assert.Empty(store.Tags.List());
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(store.Root, "content", "ingest")));
        Assert.All(handler.Requests, r => Assert.Equal("http", r.RequestUri!.Scheme));
    }

    [Fact]
    [Trait("Category", "Privileged")]
    public async Task Non_distributable_layers_are_skipped_with_a_note()
    {
        var image = SmallImage();
        byte[] foreign = new TarBuilder().File("windows", "base").ToArray();
        string foreignDigest = Digest.Compute(foreign);
        byte[] config = Encoding.UTF8.GetBytes("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + foreignDigest + "\",\"" + image.LayerDigest + "\"]}}");
        byte[] manifest = Encoding.UTF8.GetBytes(
            "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\"," +
            "\"config\":{\"mediaType\":\"application/vnd.docker.container.image.v1+json\",\"size\":" + config.Length + ",\"digest\":\"" + Digest.Compute(config) + "\"}," +
            "\"layers\":[{\"mediaType\":\"application/vnd.docker.image.rootfs.foreign.diff.tar.gzip\",\"size\":" + foreign.Length + ",\"digest\":\"" + foreignDigest + "\",\"urls\":[\"https://mcr.example/x\"]}," +
            "{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"size\":" + image.Layer.Length + ",\"digest\":\"" + image.LayerDigest + "\"}]}");
        var handler = new FakeRegistryHandler(request =>
        {
            string path = request.RequestUri!.AbsolutePath;
            if (path.EndsWith("/manifests/latest"))
                return FakeRegistryHandler.Bytes(manifest, MediaTypes.DockerManifest);
            if (path.EndsWith(Digest.Compute(config)))
                return FakeRegistryHandler.Bytes(config);
            if (path.EndsWith(image.LayerDigest))
                return FakeRegistryHandler.Bytes(image.Layer);
            return FakeRegistryHandler.Status(HttpStatusCode.NotFound);
        });
        using var client = new RegistryClient(new RegistryOptions { Handler = handler });
        var store = new ImageStore(_dir.Path);
        var notes = new List<string>();
        Image pulled = await client.PullAsync(store, ImageReference.Parse("localhost/foreign"), new PullOptions { Note = notes.Add });
        Assert.Contains(notes, n => n.Contains(foreignDigest) && n.Contains("non-distributable"));
        Assert.DoesNotContain(handler.Requests, r => r.RequestUri!.AbsolutePath.EndsWith(foreignDigest));
        IReadOnlyList<string> chains = await store.UnpackAsync(pulled, notes.Add);
        Assert.Empty(Directory.EnumerateFileSystemEntries(store.Snapshots.FsDir(chains[0])));
        Assert.True(File.Exists(Path.Combine(store.Snapshots.FsDir(chains[1]), "f")));
    }

    [Fact]
    public async Task Manifest_fetched_by_digest_must_match_it()
    {
        var image = SmallImage();
        string other = Digest.Compute("other"u8);
        using var client = new RegistryClient(new RegistryOptions { Handler = new FakeRegistryHandler(_ => FakeRegistryHandler.Bytes(image.Manifest, MediaTypes.DockerManifest)) });
        var e = await Assert.ThrowsAsync<RegistryException>(() => client.GetManifestAsync(ImageReference.Parse("localhost/x@" + other)));
        Assert.Equal(RegistryErrorKind.DigestMismatch, e.Kind);
    }

    [Fact]
    public async Task Index_resolves_to_the_requested_platform()
    {
        var image = SmallImage();
        string index = $$"""
            {"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[
              {"mediaType":"application/vnd.docker.distribution.manifest.v2+json","digest":"{{Digest.Compute("arm"u8)}}","size":3,"platform":{"os":"linux","architecture":"arm64"} },
              {"mediaType":"application/vnd.docker.distribution.manifest.v2+json","digest":"{{image.ManifestDigest}}","size":{{image.Manifest.Length}},"platform":{"os":"linux","architecture":"amd64"} } ]}
            """;
        var handler = new FakeRegistryHandler(request =>
        {
            string path = request.RequestUri!.AbsolutePath;
            if (path.EndsWith("/manifests/latest"))
                return FakeRegistryHandler.Bytes(Encoding.UTF8.GetBytes(index), MediaTypes.OciIndex);
            if (path.EndsWith("/manifests/" + image.ManifestDigest))
                return FakeRegistryHandler.Bytes(image.Manifest, MediaTypes.DockerManifest);
            if (path.EndsWith(Digest.Compute(image.Config)))
                return FakeRegistryHandler.Bytes(image.Config);
            if (path.EndsWith(image.LayerDigest))
                return FakeRegistryHandler.Bytes(image.Layer);
            return FakeRegistryHandler.Status(HttpStatusCode.NotFound);
        });
        using var client = new RegistryClient(new RegistryOptions { Handler = handler });
        var store = new ImageStore(_dir.Path);
        Image pulled = await client.PullAsync(store, ImageReference.Parse("localhost/multi"), new PullOptions { Platform = Platform.Parse("linux/amd64") });
        Assert.Equal(image.ManifestDigest, pulled.ManifestDigest);
        Assert.Equal(Digest.Compute(Encoding.UTF8.GetBytes(index)), pulled.RepoDigest);
        var e = await Assert.ThrowsAsync<RegistryException>(() => client.PullAsync(store, ImageReference.Parse("localhost/multi"), new PullOptions { Platform = Platform.Parse("linux/riscv64") }));
        Assert.Contains("linux/riscv64", e.Message);
    }

    [Fact]
    public async Task Offline_pull_of_alpine_names_registry_1_docker_io_within_the_timeout()
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        using var client = new RegistryClient(new RegistryOptions { Timeout = TimeSpan.FromSeconds(3) });
        var e = await Assert.ThrowsAsync<RegistryException>(() => client.PullAsync(new ImageStore(_dir.Path), ImageReference.Parse("alpine")));
        Assert.Contains("cannot reach registry-1.docker.io", e.Message);
        Assert.Contains("library/alpine", e.Message);
        Assert.True(e.Kind is RegistryErrorKind.Unreachable or RegistryErrorKind.Timeout);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(10), $"took {started.Elapsed}");
    }

    [Fact]
    public async Task Refused_connection_is_reported_as_such()
    {
        int port = LocalRegistry.FreePort();
        using var client = new RegistryClient(new RegistryOptions { Timeout = TimeSpan.FromSeconds(5) });
        var e = await Assert.ThrowsAsync<RegistryException>(() => client.PullAsync(new ImageStore(_dir.Path), ImageReference.Parse($"127.0.0.1:{port}/x")));
        Assert.Contains("connection refused", e.Message);
        Assert.Contains($"127.0.0.1:{port}", e.Message);
    }

    [Fact]
    public void Plain_http_only_for_loopback_and_configured_insecure_registries()
    {
        using var client = new RegistryClient(new RegistryOptions { InsecureRegistries = ["build.lan:5000"] });
        Assert.Equal("http", client.BaseUri("localhost:5000").Scheme);
        Assert.Equal("http", client.BaseUri("127.1.2.3:5000").Scheme);
        Assert.Equal("http", client.BaseUri("[::1]:5000").Scheme);
        Assert.Equal("http", client.BaseUri("build.lan:5000").Scheme);
        Assert.Equal("https", client.BaseUri("registry-1.docker.io").Scheme);
        Assert.Equal("https", client.BaseUri("10.0.0.1:5000").Scheme);
    }

    [Fact]
    public void Credentials_file_is_dockers_config_json()
    {
        string path = _dir.Combine("config.json");
        File.WriteAllText(path, """{"auths":{"https://index.docker.io/v1/":{"auth":"dXNlcjpwYTpzcw=="}},"credsStore":"none"}""");
        var store = new CredentialStore(path);
        Assert.Equal(new RegistryCredentials("user", "pa:ss"), store.Get("docker.io"));
        store.Save("localhost:5000", new RegistryCredentials("bob", "x"));
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(path));
        Assert.Equal(Convert.ToBase64String("bob:x"u8.ToArray()), doc.RootElement.GetProperty("auths").GetProperty("localhost:5000").GetProperty("auth").GetString());
        Assert.Equal("none", doc.RootElement.GetProperty("credsStore").GetString());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, new FileInfo(path).UnixFileMode);
        Assert.True(store.Remove("localhost:5000"));
        Assert.Null(store.Get("localhost:5000"));
    }

    [Fact]
    public void Parses_www_authenticate_challenges()
    {
        AuthChallenge c = AuthChallenge.Parse("Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\",scope=\"repository:library/alpine:pull\"")!;
        Assert.Equal(("Bearer", "https://auth.docker.io/token", "registry.docker.io", "repository:library/alpine:pull"), (c.Scheme, c.Realm, c.Service, c.Scope));
        Assert.Equal("bock", AuthChallenge.Parse("Basic realm=\"bock\"")!.Realm);
    }

    private static string? Query(HttpRequestMessage request, string key) =>
        request.RequestUri!.Query.TrimStart('?').Split('&').Select(p => p.Split('=', 2)).Where(p => p[0] == key).Select(p => Uri.UnescapeDataString(p[1])).FirstOrDefault();
}
