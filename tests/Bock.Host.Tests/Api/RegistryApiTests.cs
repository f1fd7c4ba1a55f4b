using System.Net;
using System.Text;
using System.Text.Json;
using Bock.Actors.Kernel;
using Bock.Host.Tests.Support;

namespace Bock.Host.Tests.Api;

/// <summary>Push, pull and login through the API against real local registries (Debian's docker-registry).</summary>
public sealed class RegistryApiTests(RegistryPair registries) : IClassFixture<RegistryPair>
{
    [Fact]
    public async Task Push_then_pull_streams_Docker_progress_and_the_pulled_image_runs()
    {
        await using var daemon = await Daemon.StartAsync(new RecordingContainerRuntime(), mounter: new RecordingRootfsMounter());
        var id = await BusyboxImage.ImportAsync(daemon);
        var repo = $"{registries.Open.Host}/test/busybox";
        using (var tag = await daemon.Client.PostAsync($"images/busybox/tag?repo={repo}&tag=1", null))
            Assert.Equal(HttpStatusCode.Created, tag.StatusCode);

        using var push = await daemon.Client.PostAsync($"images/{repo}/push?tag=1", null);
        var pushed = await BusyboxImage.ProgressLinesAsync(push);
        Assert.Equal($"The push refers to repository [{repo}]", pushed[0].GetProperty("status").GetString());
        Assert.Contains(pushed, l => l.TryGetProperty("status", out var s) && s.GetString() == "Pushed");
        var aux = pushed[^1].GetProperty("aux");
        var digest = aux.GetProperty("Digest").GetString()!;
        Assert.Equal("1", aux.GetProperty("Tag").GetString());
        Assert.StartsWith("sha256:", digest);

        using (await daemon.Client.DeleteAsync($"images/{id}?force=1")) { }
        using (var gone = await daemon.Client.GetAsync($"images/{repo}:1/json"))
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);

        using var pull = await daemon.Client.PostAsync($"images/create?fromImage={repo}&tag=1", null);
        Assert.Equal(HttpStatusCode.OK, pull.StatusCode);
        var lines = await BusyboxImage.ProgressLinesAsync(pull);
        var statuses = lines.Select(l => l.GetProperty("status").GetString()).ToList();
        Assert.Equal("Pulling from test/busybox", statuses[0]);
        Assert.Equal("1", lines[0].GetProperty("id").GetString());
        Assert.Contains("Pulling fs layer", statuses);
        Assert.Contains("Download complete", statuses);
        Assert.Contains("Extracting", statuses);
        Assert.Contains("Pull complete", statuses);
        var layerId = lines.First(l => l.GetProperty("status").GetString() == "Pull complete").GetProperty("id").GetString()!;
        Assert.Matches("^[0-9a-f]{12}$", layerId);
        Assert.Equal($"Digest: {digest}", statuses[^2]);
        Assert.Equal($"Status: Downloaded newer image for {repo}:1", statuses[^1]);
        Assert.All(lines.Where(l => l.GetProperty("status").GetString() == "Downloading"), l =>
        {
            Assert.True(l.GetProperty("progressDetail").GetProperty("total").GetInt64() > 0);
            Assert.StartsWith("[", l.GetProperty("progress").GetString());
        });

        var inspect = await daemon.GetJsonAsync($"images/{repo}:1/json");
        Assert.Equal(id, inspect.GetProperty("Id").GetString());
        Assert.Equal([$"{repo}@{digest}"], inspect.GetProperty("RepoDigests").EnumerateArray().Select(d => d.GetString()));

        using (var again = await daemon.Client.PostAsync($"images/create?fromImage={repo}&tag=1", null))
            Assert.Equal($"Status: Image is up to date for {repo}:1", (await BusyboxImage.ProgressLinesAsync(again))[^1].GetProperty("status").GetString());
        using (var create = await daemon.PostJsonAsync("containers/create", $$"""{"Image": "{{repo}}:1", "Cmd": ["true"]}"""))
            Assert.Equal(HttpStatusCode.Created, create.StatusCode);
    }

    [Fact]
    public async Task A_failed_pull_ends_its_stream_with_an_error_that_names_the_registry_and_the_cause()
    {
        await using var daemon = await Daemon.StartAsync(new RecordingContainerRuntime(), mounter: new RecordingRootfsMounter());
        using (var unknown = await daemon.Client.PostAsync($"images/create?fromImage={registries.Open.Host}/nothing/here&tag=1", null))
        {
            var last = (await BusyboxImage.ProgressLinesAsync(unknown))[^1];
            var message = last.GetProperty("errorDetail").GetProperty("message").GetString()!;
            Assert.Equal(message, last.GetProperty("error").GetString());
            Assert.Contains($"registry {registries.Open.Host}", message);
            Assert.Contains("manifest unknown", message);
        }
        var closed = $"127.0.0.1:{LocalRegistry.FreePort()}";
        using (var unreachable = await daemon.Client.PostAsync($"images/create?fromImage={closed}/x&tag=1", null))
        {
            var message = (await BusyboxImage.ProgressLinesAsync(unreachable))[^1].GetProperty("errorDetail").GetProperty("message").GetString()!;
            Assert.Contains(closed, message);
            Assert.Contains("connection refused", message);
        }
        Assert.Empty((await daemon.GetJsonAsync("images/json")).EnumerateArray());
    }

    [Fact]
    public async Task Login_checks_credentials_and_push_uses_the_X_Registry_Auth_header()
    {
        await using var daemon = await Daemon.StartAsync(new RecordingContainerRuntime(), mounter: new RecordingRootfsMounter());
        var host = registries.Authenticated.Host;
        using (var good = await daemon.PostJsonAsync("auth", $$"""{"username": "{{LocalRegistry.User}}", "password": "{{LocalRegistry.Password}}", "serveraddress": "{{host}}"}"""))
        {
            Assert.Equal(HttpStatusCode.OK, good.StatusCode);
            Assert.Equal("Login Succeeded", (await Daemon.JsonAsync(good)).GetProperty("Status").GetString());
        }
        using (var bad = await daemon.PostJsonAsync("auth", $$"""{"username": "{{LocalRegistry.User}}", "password": "wrong", "serveraddress": "{{host}}"}"""))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, bad.StatusCode);
            Assert.Contains(host, (await Daemon.JsonAsync(bad)).GetProperty("message").GetString());
        }

        await BusyboxImage.ImportAsync(daemon);
        var repo = $"{host}/private/box";
        using (await daemon.Client.PostAsync($"images/busybox/tag?repo={repo}&tag=v1", null)) { }
        using (var anonymous = await daemon.Client.PostAsync($"images/{repo}/push?tag=v1", null))
            Assert.Contains("unauthorized", (await BusyboxImage.ProgressLinesAsync(anonymous))[^1].GetProperty("error").GetString());

        var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { username = LocalRegistry.User, password = LocalRegistry.Password, serveraddress = host })))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');
        using var request = new HttpRequestMessage(HttpMethod.Post, $"images/{repo}/push?tag=v1");
        request.Headers.Add("X-Registry-Auth", auth);
        using var push = await daemon.Client.SendAsync(request);
        var last = (await BusyboxImage.ProgressLinesAsync(push))[^1];
        Assert.False(last.TryGetProperty("error", out _), last.ToString());
        Assert.Equal("v1", last.GetProperty("aux").GetProperty("Tag").GetString());
        // No credential file is left behind by the request.
        Assert.Empty(Directory.Exists(Path.Combine(daemon.Options.RunRoot, "auth")) ? Directory.GetFileSystemEntries(Path.Combine(daemon.Options.RunRoot, "auth")) : []);
    }
}
