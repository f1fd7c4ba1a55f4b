using Bockrose.Compose;
using Bockrose.Compose.Model;
using Bockrose.Stacks;

namespace Bockrose.Tests.Stacks;

/// <summary>Secrets and configs planned as files and mapped to read-only binds, as docker compose runs them without swarm.</summary>
public sealed class StackFilesTests : IDisposable
{
    private const string Directory = "/bock-root/stack-files/p";
    private readonly string _dir = System.IO.Directory.CreateTempSubdirectory("bockrose-files").FullName;

    private (Project Project, IReadOnlyDictionary<string, string> Variables) Load(string compose, Dictionary<string, string>? environment = null)
    {
        File.WriteAllText(Path.Combine(_dir, "compose.yaml"), compose);
        File.WriteAllText(Path.Combine(_dir, "token.txt"), "from a file\n");
        var definition = StackLoading.Define(new Bock.Api.Dtos.StackRequest { WorkingDir = _dir, ProjectName = "p", Environment = environment ?? [] },
            new Dictionary<string, int>());
        return (definition.Project, definition.FileVariables);
    }

    private const string App = """
        services:
          web:
            image: busybox
            environment: { PLAIN: visible }
            secrets:
              - token
              - source: api_key
                target: key
                uid: "1000"
                gid: "1001"
                mode: 0400
            configs:
              - source: site
                mode: 0440
              - source: site
                target: /etc/site.conf
        secrets:
          token: { file: ./token.txt }
          api_key: { environment: API_KEY }
        configs:
          site: { content: "listen 8080" }
        """;

    [Fact]
    public void Each_secret_and_config_is_a_read_only_bind_at_composes_path()
    {
        var (project, variables) = Load(App, new() { ["API_KEY"] = "s3cret", ["OTHER"] = "x" });
        var planned = StackFiles.Plan(project, variables, Directory);
        var web = planned.Project.Services["web"];
        var body = ServiceContainerMapper.Map(planned.Project, web, "busybox");
        var mounts = body.HostConfig!.Mounts!.ToDictionary(m => m.Target!);
        Assert.All(mounts.Values, m => Assert.True(m is { Type: "bind", ReadOnly: true }, $"{m.Target} is a read-only bind"));
        Assert.Equal(Path.Combine(_dir, "token.txt"), mounts["/run/secrets/token"].Source);
        Assert.Equal($"{Directory}/web.secret.1.api_key", mounts["/run/secrets/key"].Source);
        Assert.Equal($"{Directory}/web.config.0.site", mounts["/site"].Source);
        Assert.Equal($"{Directory}/web.config.1.site", mounts["/etc/site.conf"].Source);
        Assert.Equal(4, mounts.Count);

        // The files bockd writes: the environment's value and the inline content, each with its reference's owner and mode.
        Assert.Equal(
            [
                new StackFile($"{Directory}/web.secret.1.api_key", "s3cret", 1000, 1001, Convert.ToInt32("400", 8)),
                new StackFile($"{Directory}/web.config.0.site", "listen 8080", 0, 0, Convert.ToInt32("440", 8)),
                new StackFile($"{Directory}/web.config.1.site", "listen 8080", 0, 0, Convert.ToInt32("444", 8)),
            ],
            planned.Files);
        // Only the variables secrets name are kept, and the value is in no label, no Env and no mount.
        Assert.Equal(["API_KEY"], variables.Keys);
        var json = System.Text.Json.JsonSerializer.Serialize(body, Bock.Api.BockApiJsonContext.Default.ContainerCreateRequest);
        Assert.DoesNotContain("s3cret", json);
        Assert.Contains("PLAIN=visible", body.Env!);
        Assert.DoesNotContain("s3cret", planned.Files[0].ToString());
    }

    [Fact]
    public void A_relative_secret_target_is_under_run_secrets_and_a_config_one_under_the_root() =>
        Assert.Equal(["/run/secrets/sub/key", "/sub/key", "/abs"],
            [StackFiles.Target("secret", new ServiceFileReference("s", "sub/key", null, null, null)),
                StackFiles.Target("config", new ServiceFileReference("c", "sub/key", null, null, null)),
                StackFiles.Target("secret", new ServiceFileReference("s", "/abs", null, null, null))]);

    [Theory]
    [InlineData("token: { external: true }", "secret \"token\" is external: external secrets are swarm objects")]
    [InlineData("token: { environment: NOT_SET_ANYWHERE }", "secret \"token\": environment variable NOT_SET_ANYWHERE is not set")]
    [InlineData("token: { file: ./missing.txt }", "missing.txt does not exist")]
    public void A_secret_that_cannot_be_had_is_refused_with_its_reason(string definition, string reason)
    {
        var (project, variables) = Load($"""
            services:
              web:
                image: busybox
                secrets: [token]
            secrets:
              {definition}
            """);
        var e = Assert.Throws<StackRuntimeException>(() => StackFiles.Plan(project, variables, Directory));
        Assert.Contains("service \"web\"", e.Message);
        Assert.Contains(reason, e.Message);
    }

    [Fact]
    public void A_uid_that_is_no_number_is_refused()
    {
        var (project, variables) = Load("""
            services:
              web:
                image: busybox
                configs: [{ source: c, uid: nobody }]
            configs:
              c: { content: x }
            """);
        Assert.Contains("uid \"nobody\" is not a number", Assert.Throws<StackRuntimeException>(() => StackFiles.Plan(project, variables, Directory)).Message);
    }

    public void Dispose() => System.IO.Directory.Delete(_dir, recursive: true);
}
