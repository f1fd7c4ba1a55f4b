using System.Text.Json;
using Bock.EndToEnd.Tests.Support;

namespace Bock.EndToEnd.Tests;

/// <summary>
/// Image verbs through the CLI: push and pull against Debian's docker-registry on 127.0.0.1 (plain HTTP, which bockd
/// allows for loopback registries as Docker does), login and logout against one behind htpasswd, save and load,
/// history, tag and rmi, image prune.
/// </summary>
[Trait(Category.Name, Category.Privileged)]
public sealed class ImageCliTests(DaemonFixture fixture, RegistryPair registries) : IClassFixture<DaemonFixture>, IClassFixture<RegistryPair>
{
    private BockDaemon Daemon => fixture.Daemon;

    [Fact]
    public async Task Push_rmi_pull_and_run_round_trip_through_a_registry()
    {
        var repository = $"{registries.Open.Host}/e2e/{Names.Unique("busybox")}";
        var image = repository + ":v1";
        Assert.Equal(0, (await Daemon.BockAsync("tag", BockDaemon.Image, image)).ExitCode);
        var localId = await ImageIdAsync(image);

        var push = await Daemon.BockAsync("push", image);
        Assert.True(push.ExitCode == 0, push.ToString());
        Assert.Contains("v1: digest: sha256:", push.Stdout);
        var tags = await new HttpClient().GetStringAsync($"http://{registries.Open.Host}/v2/{repository[(registries.Open.Host.Length + 1)..]}/tags/list");
        Assert.Contains("\"v1\"", tags); // the registry itself has it

        var rmi = await Daemon.BockAsync("rmi", image);
        Assert.True(rmi.ExitCode == 0, rmi.ToString());
        Assert.Contains($"Untagged: {image}", rmi.Stdout);
        Assert.NotEqual(0, (await Daemon.BockAsync("image", "inspect", image)).ExitCode);

        var pull = await Daemon.BockAsync("pull", image);
        Assert.True(pull.ExitCode == 0, pull.ToString());
        Assert.Contains($"Status: Downloaded newer image for {image}", pull.Stdout);
        Assert.Equal(localId, await ImageIdAsync(image)); // the same config, so the same image id
        var run = await Daemon.BockAsync("run", "--rm", image, "echo", "pulled and ran");
        Assert.Equal("pulled and ran\n", run.Stdout);

        var again = await Daemon.BockAsync("pull", image);
        Assert.Contains($"Status: Image is up to date for {image}", again.Stdout);
        Assert.Equal(0, (await Daemon.BockAsync("rmi", image)).ExitCode);
    }

    [Fact]
    public async Task Login_stores_credentials_that_push_and_pull_use_and_logout_removes_them()
    {
        var registry = registries.Authenticated.Host;
        var config = Path.Combine(Daemon.Directory, Names.Unique("docker-config"));
        var image = $"{registry}/e2e/{Names.Unique("private")}:v1";
        Assert.Equal(0, (await Daemon.BockAsync("tag", BockDaemon.Image, image)).ExitCode);

        var anonymous = await BockWithConfigAsync(config, "push", image);
        Assert.NotEqual(0, anonymous.ExitCode);
        Assert.Contains("unauthorized", anonymous.Stderr + anonymous.Stdout, StringComparison.OrdinalIgnoreCase);

        var wrong = await BockWithConfigAsync(config, "login", "-u", LocalRegistry.User, "-p", "not-the-password", registry);
        Assert.NotEqual(0, wrong.ExitCode);
        Assert.False(File.Exists(Path.Combine(config, "config.json")) && File.ReadAllText(Path.Combine(config, "config.json")).Contains(registry),
            "a refused login stored credentials");

        var login = await BockWithConfigAsync(config, "login", "-u", LocalRegistry.User, "-p", LocalRegistry.Password, registry);
        Assert.True(login.ExitCode == 0, login.ToString());
        Assert.Contains("Login Succeeded", login.Stdout);
        Assert.Equal(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{LocalRegistry.User}:{LocalRegistry.Password}")), StoredAuth(config, registry));

        var push = await BockWithConfigAsync(config, "push", image);
        Assert.True(push.ExitCode == 0, push.ToString());
        Assert.Equal(0, (await Daemon.BockAsync("rmi", image)).ExitCode);
        var pull = await BockWithConfigAsync(config, "pull", image);
        Assert.True(pull.ExitCode == 0, pull.ToString());
        Assert.Equal("ok\n", (await Daemon.BockAsync("run", "--rm", image, "echo", "ok")).Stdout);
        Assert.Equal(0, (await Daemon.BockAsync("rmi", image)).ExitCode);

        var logout = await BockWithConfigAsync(config, "logout", registry);
        Assert.True(logout.ExitCode == 0, logout.ToString());
        Assert.Contains($"Removing login credentials for {registry}", logout.Stdout);
        Assert.Null(StoredAuth(config, registry));
        var afterLogout = await BockWithConfigAsync(config, "pull", image);
        Assert.NotEqual(0, afterLogout.ExitCode); // the credentials really were what let the pull in
    }

    [Fact]
    public async Task Save_and_load_carry_an_image_and_its_name_through_a_tar()
    {
        var image = await CommittedImageAsync();
        var id = await ImageIdAsync(image);
        var tar = Path.Combine(Daemon.Directory, "saved.tar");

        var save = await Daemon.BockAsync("save", "-o", tar, image);
        Assert.True(save.ExitCode == 0, save.ToString());
        var listing = await Shell.RunAsync("/bin/tar", ["-tf", tar]);
        Assert.Contains("manifest.json\n", listing.Stdout);
        Assert.Contains("index.json\n", listing.Stdout);
        var manifest = await Shell.RunAsync("/bin/tar", ["-xOf", tar, "manifest.json"]);
        Assert.Contains($"\"{image}\"", manifest.Stdout);

        // Removed for real (its own layer, no other name): load must bring the layer back, not just a name.
        Assert.Contains($"Deleted: {id}", (await Daemon.BockAsync("rmi", image)).Stdout);
        var load = await Daemon.BockAsync("load", "-i", tar);
        Assert.True(load.ExitCode == 0, load.ToString());
        Assert.Contains($"Loaded image: {image}", load.Stdout);
        Assert.Equal(id, await ImageIdAsync(image));
        Assert.Equal(0, (await Daemon.BockAsync("run", "--rm", image, "cat", "/marker")).ExitCode);

        // Through stdout and stdin, as 'docker save IMAGE | docker load' is mostly used.
        var cli = $"{BockDaemon.Cli} -H {Daemon.Host}";
        var piped = await Shell.ShAsync($"{cli} save {image} > {tar} && {cli} rmi {image} >/dev/null && {cli} load < {tar}");
        Assert.True(piped.ExitCode == 0, piped.ToString());
        Assert.Contains($"Loaded image: {image}", piped.Stdout);
        Assert.Equal(id, await ImageIdAsync(image));
        Assert.Equal(0, (await Daemon.BockAsync("rmi", image)).ExitCode);
        File.Delete(tar);
    }

    [Fact]
    public async Task History_lists_the_layers_of_an_image()
    {
        var image = await CommittedImageAsync();
        var history = await Daemon.BockAsync("history", "--no-trunc", "--format", "{{.ID}}|{{.CreatedBy}}|{{.Size}}", image);
        Assert.True(history.ExitCode == 0, history.ToString());
        var rows = history.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(rows);
        Assert.Equal(await ImageIdAsync(image), rows[0].Split('|')[0]); // newest first, the image itself on top
        var quiet = await Daemon.BockAsync("history", "-q", image);
        Assert.Equal(rows.Length, quiet.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        var table = await Daemon.BockAsync("history", image);
        Assert.StartsWith("IMAGE", table.Stdout);
        Assert.Equal(1, (await Daemon.BockAsync("history", "no-such-image:here")).ExitCode);
        Assert.Equal(0, (await Daemon.BockAsync("rmi", image)).ExitCode);
    }

    [Fact]
    public async Task Tag_names_the_same_image_and_rmi_removes_names_until_the_last()
    {
        var first = $"e2e/{Names.Unique("tag")}:one";
        var second = $"e2e/{Names.Unique("tag")}:two";
        var image = await CommittedImageAsync();
        var id = await ImageIdAsync(image);
        Assert.Equal(0, (await Daemon.BockAsync("tag", image, first)).ExitCode);
        Assert.Equal(0, (await Daemon.BockAsync("tag", id[7..19], second)).ExitCode); // by short id, as Docker allows
        Assert.Equal(id, await ImageIdAsync(first));
        Assert.Equal(id, await ImageIdAsync(second));

        var user = Names.Unique("user");
        Assert.Equal(0, (await Daemon.BockAsync("create", "--name", user, second, "true")).ExitCode);
        var inUse = await Daemon.BockAsync("rmi", id[7..19]);
        Assert.NotEqual(0, inUse.ExitCode); // several names and a container: refused by id
        Assert.Equal(0, (await Daemon.BockAsync("rm", user)).ExitCode);

        Assert.Contains($"Untagged: {first}", (await Daemon.BockAsync("rmi", first)).Stdout);
        Assert.Contains($"Untagged: {image}", (await Daemon.BockAsync("rmi", image)).Stdout);
        Assert.Equal(id, await ImageIdAsync(second)); // still there under its last name
        var last = await Daemon.BockAsync("rmi", second);
        Assert.Contains($"Deleted: {id}", last.Stdout);
        Assert.NotEqual(0, (await Daemon.BockAsync("image", "inspect", id)).ExitCode);
    }

    [Fact]
    public async Task Image_prune_removes_dangling_images_only()
    {
        var name = $"e2e/{Names.Unique("prune")}:v1";
        var older = await CommittedImageAsync(name);
        var olderId = await ImageIdAsync(older);
        await CommittedImageAsync(name); // the name moves to a new image: the older one is dangling
        Assert.NotEqual(olderId, await ImageIdAsync(name));
        Assert.Equal(0, (await Daemon.BockAsync("image", "inspect", olderId)).ExitCode);

        var prune = await Daemon.BockAsync("image", "prune", "-f");
        Assert.True(prune.ExitCode == 0, prune.ToString());
        Assert.Contains("Deleted Images:", prune.Stdout);
        Assert.Contains($"deleted: {olderId}", prune.Stdout);
        Assert.Contains("Total reclaimed space:", prune.Stdout);
        Assert.NotEqual(0, (await Daemon.BockAsync("image", "inspect", olderId)).ExitCode);
        Assert.Equal(0, (await Daemon.BockAsync("image", "inspect", name)).ExitCode); // tagged images stay
        Assert.Equal(0, (await Daemon.BockAsync("image", "inspect", BockDaemon.Image)).ExitCode);
        Assert.Equal(0, (await Daemon.BockAsync("rmi", name)).ExitCode);
    }

    /// <summary>A new image of its own (a distinct id): a container's filesystem exported and imported under a name.</summary>
    private async Task<string> CommittedImageAsync(string? name = null)
    {
        name ??= $"e2e/{Names.Unique("own")}:v1";
        var container = Names.Unique("src");
        Assert.Equal(0, (await Daemon.BockAsync("run", "--name", container, BockDaemon.Image, "sh", "-c", $"echo {Guid.NewGuid()} > /marker")).ExitCode);
        var tar = Path.Combine(Daemon.Directory, container + ".tar");
        Assert.Equal(0, (await Daemon.BockAsync("export", "-o", tar, container)).ExitCode);
        var import = await Daemon.BockAsync("import", tar, name);
        Assert.True(import.ExitCode == 0, import.ToString());
        File.Delete(tar);
        Assert.Equal(0, (await Daemon.BockAsync("rm", container)).ExitCode);
        return name;
    }

    private async Task<string> ImageIdAsync(string image)
    {
        var inspect = await Daemon.BockAsync("image", "inspect", "-f", "{{.Id}}", image);
        Assert.True(inspect.ExitCode == 0, inspect.ToString());
        return inspect.Stdout.Trim();
    }

    private Task<CommandResult> BockWithConfigAsync(string config, params string[] args) =>
        Shell.RunAsync("/usr/bin/env", ["DOCKER_CONFIG=" + config, BockDaemon.Cli, "-H", Daemon.Host, .. args], TimeSpan.FromSeconds(120));

    private static string? StoredAuth(string config, string registry)
    {
        var path = Path.Combine(config, "config.json");
        if (!File.Exists(path)) return null;
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        return json.RootElement.TryGetProperty("auths", out var auths) && auths.TryGetProperty(registry, out var entry)
            ? entry.GetProperty("auth").GetString()
            : null;
    }
}
