using Bock.Cli.CommandLine;
using Bock.Cli.Commands;

namespace Bock.Cli.Tests.Commands;

public sealed class ContainerOptionsTests
{
    private static Api.Dtos.ContainerCreateRequest Request(params string[] args)
    {
        var parsed = ContainerOptions.Declare(new FlagSet("bock run", stopAtFirstPositional: true)).Parse(args);
        return ContainerOptions.ToRequest(parsed, parsed.Arguments(1));
    }

    [Fact]
    public void The_image_and_its_command_follow_the_flags()
    {
        var request = Request("--rm", "-w", "/tmp", "-u", "1000:1000", "--hostname", "h", "busybox", "echo", "hi");
        Assert.Equal("busybox", request.Image);
        Assert.Equal(["echo", "hi"], request.Cmd);
        Assert.Equal("/tmp", request.WorkingDir);
        Assert.Equal("1000:1000", request.User);
        Assert.Equal("h", request.Hostname);
        Assert.True(request.HostConfig!.AutoRemove);
    }

    [Fact]
    public void No_command_leaves_the_images_own()
    {
        Assert.Null(Request("busybox").Cmd);
        Assert.Null(Request("busybox").Entrypoint);
        Assert.Equal<IEnumerable<string>>([], Request("--entrypoint", "", "busybox").Entrypoint!);
    }

    [Fact]
    public void Limits_are_converted_to_the_apis_units()
    {
        var host = Request("-m", "64m", "--cpus", "0.5", "--pids-limit", "20", "--ulimit", "nofile=100:200", "busybox").HostConfig!;
        Assert.Equal(64L << 20, host.Memory);
        Assert.Equal(500_000_000L, host.NanoCpus);
        Assert.Equal(20L, host.PidsLimit);
        Assert.Equal("nofile", Assert.Single(host.Ulimits!).Name);
    }

    [Fact]
    public void A_memory_limit_below_docker_minimum_is_refused_before_anything_is_sent()
    {
        var error = Assert.Throws<UsageException>(() => Request("-m", "1k", "busybox"));
        Assert.Equal("Minimum memory limit allowed is 6MB", error.Message);
    }

    [Fact]
    public void Env_files_and_flags_merge_in_order_and_bare_names_come_from_this_environment()
    {
        using var dir = new TempDir();
        var file = Path.Combine(dir.Path, "env");
        File.WriteAllText(file, "# comment\nA=1\n\nB=two words\n");
        Environment.SetEnvironmentVariable("BOCK_CLI_TEST_VAR", "from-host");
        var env = Request("--env-file", file, "-e", "C=3", "-e", "BOCK_CLI_TEST_VAR", "busybox").Env!;
        Assert.Equal(["A=1", "B=two words", "C=3", "BOCK_CLI_TEST_VAR=from-host"], env);
    }

    [Fact]
    public void An_env_file_with_whitespace_in_a_name_is_refused_with_its_line()
    {
        using var dir = new TempDir();
        var file = Path.Combine(dir.Path, "env");
        File.WriteAllText(file, "A=1\nBAD NAME=2\n");
        var error = Assert.Throws<UsageException>(() => Request("--env-file", file, "busybox"));
        Assert.Contains("line 2", error.Message);
    }

    [Fact]
    public void Volumes_split_into_binds_and_anonymous_volumes()
    {
        var request = Request("-v", "/data", "-v", "/srv:/srv:ro", "-v", "cache:/cache", "busybox");
        Assert.Equal(["/srv:/srv:ro", "cache:/cache"], request.HostConfig!.Binds);
        Assert.Equal(["/data"], request.Volumes!.Keys);
    }

    [Theory]
    [InlineData("data")]
    [InlineData("/a:relative")]
    [InlineData("/a:/b:bogus")]
    [InlineData("/a:/b:/c:/d")]
    public void Bad_volume_specs_are_refused(string spec) =>
        Assert.Throws<UsageException>(() => Request("-v", spec, "busybox"));

    [Fact]
    public void Mounts_parse_every_type()
    {
        var mounts = Request("--mount", "type=bind,source=/srv,target=/srv,readonly",
            "--mount", "type=volume,src=v1,dst=/v", "--mount", "type=tmpfs,target=/t,tmpfs-size=1m,tmpfs-mode=1777", "busybox").HostConfig!.Mounts!;
        Assert.Equal(("bind", "/srv", "/srv", true), (mounts[0].Type, mounts[0].Source, mounts[0].Target, mounts[0].ReadOnly));
        Assert.Equal(("volume", "v1", "/v"), (mounts[1].Type, mounts[1].Source, mounts[1].Target));
        Assert.Equal((1L << 20, 1023), (mounts[2].TmpfsOptions!.SizeBytes, mounts[2].TmpfsOptions!.Mode));
    }

    [Theory]
    [InlineData("type=bind,target=/x", "source is required")]
    [InlineData("type=nfs,target=/x", "invalid mount type")]
    [InlineData("type=volume,source=v", "target is required")]
    [InlineData("type=bind,source=/a,target=rel", "must be absolute")]
    [InlineData("type=bind,source=/a,target=/b,colour=red", "unexpected key")]
    public void Bad_mounts_say_why(string spec, string why)
    {
        var error = Assert.Throws<UsageException>(() => Request("--mount", spec, "busybox"));
        Assert.Contains(why, error.Message);
    }

    [Theory]
    [InlineData("always", "always", 0)]
    [InlineData("on-failure:3", "on-failure", 3)]
    [InlineData("unless-stopped", "unless-stopped", 0)]
    public void Restart_policies_parse(string text, string name, int retries)
    {
        var policy = Request("--restart", text, "busybox").HostConfig!.RestartPolicy!;
        Assert.Equal((name, retries), (policy.Name, policy.MaximumRetryCount));
    }

    [Theory]
    [InlineData("sometimes")]
    [InlineData("always:3")]
    [InlineData("on-failure:-1")]
    public void Bad_restart_policies_are_refused(string text) =>
        Assert.Throws<UsageException>(() => Request("--restart", text, "busybox"));

    [Fact]
    public void Health_flags_become_a_shell_check_in_nanoseconds()
    {
        var check = Request("--health-cmd", "wget -q localhost", "--health-interval", "2s", "--health-retries", "3", "busybox").Healthcheck!;
        Assert.Equal(["CMD-SHELL", "wget -q localhost"], check.Test);
        Assert.Equal(2_000_000_000L, check.Interval);
        Assert.Equal(3, check.Retries);
        Assert.Equal(["NONE"], Request("--no-healthcheck", "busybox").Healthcheck!.Test);
        Assert.Null(Request("busybox").Healthcheck);
    }

    [Fact]
    public void Interactive_and_tty_set_the_stdin_and_terminal_fields()
    {
        var request = Request("-it", "busybox", "sh");
        Assert.True(request.Tty);
        Assert.True(request.OpenStdin);
        Assert.True(request.AttachStdin);
    }

    [Fact]
    public void A_seccomp_profile_file_is_sent_by_content()
    {
        using var dir = new TempDir();
        var profile = Path.Combine(dir.Path, "p.json");
        File.WriteAllText(profile, """{"defaultAction":"SCMP_ACT_ALLOW"}""");
        var options = Request("--security-opt", $"seccomp={profile}", "--security-opt", "no-new-privileges", "busybox").HostConfig!.SecurityOpt!;
        Assert.Equal(["seccomp={\"defaultAction\":\"SCMP_ACT_ALLOW\"}", "no-new-privileges"], options);
        Assert.Throws<UsageException>(() => Request("--security-opt", "seccomp=/nonexistent.json", "busybox"));
    }
}
