using System.Net;
using System.Text.Json;
using Bock.Actors.Kernel;
using Bock.Host.Tests.Support;

namespace Bock.Host.Tests.Api;

/// <summary>Errors as dockerd gives them: a status code that says what went wrong and <c>{"message": ...}</c>.</summary>
public sealed class ErrorApiTests
{
    private static async Task AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, string messagePart)
    {
        using (response)
        {
            Assert.Equal(status, response.StatusCode);
            var message = (await Daemon.JsonAsync(response)).GetProperty("message").GetString();
            Assert.Contains(messagePart, message);
        }
    }

    [Fact]
    public async Task An_unknown_container_is_404()
    {
        await using var daemon = await Daemon.StartAsync(new RecordingContainerRuntime());
        await AssertErrorAsync(await daemon.Client.GetAsync("containers/nope/json"), HttpStatusCode.NotFound, "No such container: nope");
        await AssertErrorAsync(await daemon.Client.PostAsync("containers/nope/start", null), HttpStatusCode.NotFound, "No such container: nope");
        await AssertErrorAsync(await daemon.Client.PostAsync("containers/nope/wait", null), HttpStatusCode.NotFound, "No such container");
        await AssertErrorAsync(await daemon.Client.DeleteAsync("containers/nope"), HttpStatusCode.NotFound, "No such container");
    }

    [Fact]
    public async Task A_name_in_use_and_removing_a_running_container_are_409()
    {
        var runtime = new RecordingContainerRuntime();
        await using var daemon = await Daemon.StartAsync(runtime);
        var id = await daemon.CreateAsync("db");
        var body = $$"""{"Image": {{JsonSerializer.Serialize(daemon.Rootfs())}}, "Cmd": ["true"]}""";
        await AssertErrorAsync(await daemon.PostJsonAsync("containers/create?name=db", body), HttpStatusCode.Conflict, "is already in use");

        (await daemon.Client.PostAsync("containers/db/start", null)).Dispose();
        await AssertErrorAsync(await daemon.Client.DeleteAsync("containers/db"), HttpStatusCode.Conflict, "cannot remove a running container");
        Assert.Equal(RuntimeStatus.Running, runtime.StatusOf(id));
        (await daemon.Client.DeleteAsync("containers/db?force=true")).Dispose();
    }

    [Fact]
    public async Task Bad_input_is_400()
    {
        await using var daemon = await Daemon.StartAsync(new RecordingContainerRuntime());
        var rootfs = JsonSerializer.Serialize(daemon.Rootfs());
        await AssertErrorAsync(await daemon.PostJsonAsync("containers/create", "{not json"), HttpStatusCode.BadRequest, "invalid JSON");
        await AssertErrorAsync(await daemon.PostJsonAsync("containers/create?name=-bad", $$"""{"Image": {{rootfs}}, "Cmd": ["true"]}"""),
            HttpStatusCode.BadRequest, "Invalid container name");
        await AssertErrorAsync(await daemon.PostJsonAsync("containers/create",
            $$"""{"Image": {{rootfs}}, "Cmd": ["true"], "HostConfig": {"RestartPolicy": {"Name": "sometimes"} } }"""),
            HttpStatusCode.BadRequest, "invalid restart policy");
        await AssertErrorAsync(await daemon.PostJsonAsync("containers/create",
            $$"""{"Image": {{rootfs}}, "Cmd": ["true"], "HostConfig": {"RestartPolicy": {"Name": "unless-stopped", "MaximumRetryCount": 3} } }"""),
            HttpStatusCode.BadRequest, "maximum retry count");
        await AssertErrorAsync(await daemon.PostJsonAsync("containers/create",
            $$"""{"Image": {{rootfs}}, "Cmd": ["true"], "HostConfig": {"RestartPolicy": {"Name": "on-failure", "Delay": -1} } }"""),
            HttpStatusCode.BadRequest, "can't be negative");
        await AssertErrorAsync(await daemon.PostJsonAsync("containers/create", $$"""{"Image": {{rootfs}} }"""), HttpStatusCode.BadRequest, "No command specified");
        await AssertErrorAsync(await daemon.PostJsonAsync("containers/create", """{"Image": "/no/such/dir", "Cmd": ["true"]}"""),
            HttpStatusCode.NotFound, "No such image");
        var id = await daemon.CreateAsync();
        await AssertErrorAsync(await daemon.Client.PostAsync($"containers/{id}/kill?signal=SIGNOPE", null), HttpStatusCode.BadRequest, "Invalid signal");
        await AssertErrorAsync(await daemon.Client.PostAsync($"containers/{id}/stop?t=soon", null), HttpStatusCode.BadRequest, "t");
        await AssertErrorAsync(await daemon.Client.GetAsync("no/such/route"), HttpStatusCode.NotFound, "page not found");
        Assert.Single((await daemon.GetJsonAsync("containers/json?all=1")).EnumerateArray());
    }

    [Fact]
    public async Task A_runtime_failure_is_500_and_leaves_no_container()
    {
        var runtime = new RecordingContainerRuntime();
        await using var daemon = await Daemon.StartAsync(runtime);
        var id = await daemon.CreateAsync();
        runtime.FailNext(RuntimeOperation.Start, id, "no such file: /bin/sh");
        await AssertErrorAsync(await daemon.Client.PostAsync($"containers/{id}/start", null), HttpStatusCode.InternalServerError, "no such file");
        Assert.Equal("created", (await daemon.GetJsonAsync($"containers/{id}/json")).GetProperty("State").GetProperty("Status").GetString());
    }
}
