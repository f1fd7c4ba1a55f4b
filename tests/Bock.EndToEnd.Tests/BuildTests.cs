using Bock.EndToEnd.Tests.Support;

namespace Bock.EndToEnd.Tests;

/// <summary>
/// The builder end to end: <c>POST /build</c> on a real daemon, RUN steps as real containers, the images then run
/// with the bock CLI; the cache, reproducibility with SOURCE_DATE_EPOCH, failures (exit code, location, no tag, no
/// leftovers), an oci archive output read by skopeo, and the docker CLI's classic builder against bockd.
/// </summary>
[Trait(Category.Name, Category.Privileged)]
public sealed class BuildTests(DaemonFixture fixture) : IClassFixture<DaemonFixture>, IDisposable
{
    private const string Epoch = "1700000000";
    private readonly string _context = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "bock-build-" + Guid.NewGuid().ToString("N")[..8])).FullName;

    private BockDaemon Daemon => fixture.Daemon;

    public void Dispose() => Directory.Delete(_context, recursive: true);

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Bock.sln"))) return dir.FullName;
        throw new InvalidOperationException("the repository root (Bock.sln) was not found");
    }

    /// <summary>examples/busybox: its Bockfile with Debian's static busybox beside it.</summary>
    private static string BusyboxContext(string directory)
    {
        Directory.CreateDirectory(directory);
        File.Copy(Path.Combine(RepositoryRoot(), "examples", "busybox", "Bockfile"), Path.Combine(directory, "Bockfile"));
        File.Copy("/bin/busybox", Path.Combine(directory, "busybox"));
        return directory;
    }

    private void Write(string name, string text) => File.WriteAllText(Path.Combine(_context, name), text);

    [Fact]
    public async Task The_busybox_Bockfile_builds_an_image_that_runs()
    {
        var tag = Names.Unique("bb") + ":latest";
        var build = await BuildApi.BuildAsync(Daemon, BusyboxContext(Path.Combine(_context, "bb")), "t=" + tag);
        Assert.True(build.StatusCode == 200 && build.Error is null, build.ToString());
        Assert.StartsWith("sha256:", build.ImageId);
        Assert.Contains($"Successfully tagged {tag}", build.Text);
        Assert.Contains("[busybox 2/9] RUN /bin/busybox --install -s /bin\n", build.Text);
        var run = await Daemon.BockAsync("run", "--rm", tag, "echo", "hi");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("hi\n", run.Stdout);
        // The config the Bockfile asked for, and the files the steps wrote.
        var passwd = await Daemon.BockAsync("run", "--rm", tag, "cat", "/etc/passwd");
        Assert.StartsWith("root:x:0:0:root:/root:/bin/sh\n", passwd.Stdout);
        var inspect = await Daemon.BockAsync("image", "inspect", "--format", "{{.Config.Cmd}} {{index .Config.Labels \"org.opencontainers.image.title\"}}", tag);
        Assert.Equal("[sh] busybox\n", inspect.Stdout);
    }

    [Fact]
    public async Task A_multi_stage_Dockerfile_copies_from_an_earlier_stage()
    {
        Write("Dockerfile", $"""
            FROM {BockDaemon.Image} AS build
            WORKDIR /work
            RUN echo "made in the build stage" > out.txt && mkdir -p /tree/a && echo deep > /tree/a/b
            FROM scratch
            COPY --from=build /bin/busybox /bin/busybox
            COPY --from=build /work/out.txt /tree /data/
            ENTRYPOINT ["/bin/busybox"]
            """);
        var tag = Names.Unique("multi");
        var build = await BuildApi.BuildAsync(Daemon, _context, "t=" + tag);
        Assert.True(build.Error is null, build.ToString());
        var run = await Daemon.BockAsync("run", "--rm", tag, "cat", "/data/out.txt", "/data/a/b");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("made in the build stage\ndeep\n", run.Stdout);
    }

    [Fact]
    public async Task The_cache_reuses_unchanged_steps_and_rebuilds_from_the_first_change()
    {
        Write("a.txt", "first input\n");
        Write("c.txt", "second input\n");
        Write("Dockerfile", $"""
            FROM {BockDaemon.Image}
            COPY a.txt /a.txt
            RUN cp /a.txt /b.txt
            ENV STAGE=cached
            COPY c.txt /c.txt
            RUN cat /a.txt /c.txt > /all.txt
            """);
        var tag = Names.Unique("cache");
        var first = await BuildApi.BuildAsync(Daemon, _context, "t=" + tag);
        Assert.True(first.Error is null, first.ToString());
        Assert.All(first.LayerSteps, s => Assert.Equal("done", s.Status));
        Assert.Equal(4, first.LayerSteps.Count);

        var second = await BuildApi.BuildAsync(Daemon, _context, "t=" + tag);
        Assert.True(second.Error is null, second.ToString());
        Assert.Equal(["cached", "cached", "cached", "cached"], second.LayerSteps.Select(s => s.Status));
        Assert.Contains("CACHED", second.Text);

        // An mtime alone is no change; content is.
        File.SetLastWriteTimeUtc(Path.Combine(_context, "a.txt"), DateTime.UtcNow.AddDays(-3));
        Write("c.txt", "changed input\n");
        var third = await BuildApi.BuildAsync(Daemon, _context, "t=" + tag);
        Assert.True(third.Error is null, third.ToString());
        Assert.Equal(["cached", "cached", "done", "done"], third.LayerSteps.Select(s => s.Status));
        var all = await Daemon.BockAsync("run", "--rm", tag, "cat", "/all.txt");
        Assert.Equal("first input\nchanged input\n", all.Stdout);

        var nocache = await BuildApi.BuildAsync(Daemon, _context, "nocache=1&t=" + tag);
        Assert.True(nocache.Error is null, nocache.ToString());
        Assert.Equal(["done", "done", "done", "done"], nocache.LayerSteps.Select(s => s.Status));
    }

    [Fact]
    public async Task SOURCE_DATE_EPOCH_gives_the_same_image_id_in_two_empty_stores()
    {
        var context = BusyboxContext(Path.Combine(_context, "bb"));
        File.SetLastWriteTimeUtc(Path.Combine(context, "busybox"), DateTime.UnixEpoch.AddSeconds(1_600_000_000));
        var ids = new List<string?>();
        foreach (var _ in new[] { 1, 2 })
        {
            await using var daemon = await BockDaemon.StartAsync(withBusybox: false);
            var build = await BuildApi.BuildAsync(daemon, context, "t=repro:1&sourcedateepoch=" + Epoch);
            Assert.True(build.Error is null, build.ToString());
            ids.Add(build.ImageId);
            var created = await daemon.BockAsync("image", "inspect", "--format", "{{.Created}}", "repro:1");
            Assert.StartsWith("2023-11-14T22:13:20", created.Stdout);
        }
        Assert.NotNull(ids[0]);
        Assert.Equal(ids[0], ids[1]);
    }

    [Fact]
    public async Task A_failing_RUN_reports_its_exit_code_and_location_and_moves_no_tag()
    {
        var cgroupsBefore = Leftovers.CgroupsNow();
        Write("Dockerfile", $"""
            FROM {BockDaemon.Image}
            RUN echo kept > /kept.txt
            RUN echo "about to fail"; exit 3
            """);
        var tag = Names.Unique("fail");
        var failed = await BuildApi.BuildAsync(Daemon, _context, "t=" + tag);
        Assert.Equal(200, failed.StatusCode);
        Assert.Equal(3, failed.ErrorCode);
        Assert.StartsWith("Dockerfile:3:1: ", failed.Error);
        Assert.Contains("exit code: 3", failed.Error);
        Assert.Contains("about to fail", failed.Error); // the last output lines
        Assert.NotEqual(0, (await Daemon.BockAsync("image", "inspect", tag)).ExitCode);
        AssertNothingLeft(cgroupsBefore);

        // The step before the failure stays cached.
        Write("Dockerfile", $"""
            FROM {BockDaemon.Image}
            RUN echo kept > /kept.txt
            """);
        var again = await BuildApi.BuildAsync(Daemon, _context, "t=" + tag);
        Assert.True(again.Error is null, again.ToString());
        Assert.Equal(["cached"], again.LayerSteps.Select(s => s.Status));
    }

    [Fact]
    public async Task A_build_abandoned_by_its_client_kills_its_RUN_and_leaves_nothing()
    {
        // The step prints nothing after its first line: bockd hears the client gone by its blank keep-alive lines.
        var cgroupsBefore = Leftovers.CgroupsNow();
        Write("Dockerfile", $"""
            FROM {BockDaemon.Image}
            RUN echo started-{Guid.NewGuid():N}; exec sleep 301
            """);
        await BuildApi.AbandonAsync(Daemon, _context, "t=" + Names.Unique("abandoned"), "started-");
        var sleeping = true;
        for (var i = 0; i < 100 && sleeping; i++)
        {
            await Task.Delay(100);
            var ps = await Shell.RunAsync("/usr/bin/pgrep", ["-f", "sleep 301"]);
            sleeping = ps.ExitCode == 0;
        }
        Assert.False(sleeping, "the RUN's process still runs");
        // The container is deleted, then the root unmounted and the dirs removed: wait (bounded) for the last of it.
        for (var i = 0; ; i++)
        {
            try
            {
                AssertNothingLeft(cgroupsBefore);
                break;
            }
            catch (Xunit.Sdk.XunitException) when (i < 100)
            {
                await Task.Delay(100);
            }
        }
    }

    /// <summary>
    /// No mount under the daemon's dirs, no RUN container's cgroup (named build-…: other engineers' containers come
    /// and go on this host meanwhile), bundle, OCI state or work dir.
    /// </summary>
    private void AssertNothingLeft(IReadOnlySet<string> cgroupsBefore)
    {
        var mounts = File.ReadAllLines("/proc/self/mountinfo").Select(l => l.Split(' ')[4]).Where(m => m.StartsWith(Daemon.Directory, StringComparison.Ordinal)).ToList();
        Assert.True(mounts.Count == 0, "mounts left: " + string.Join(", ", mounts));
        var cgroups = Leftovers.CgroupsNow().Except(cgroupsBefore).Where(c => Path.GetFileName(c).StartsWith("build-", StringComparison.Ordinal)).ToList();
        Assert.True(cgroups.Count == 0, "cgroups left: " + string.Join(", ", cgroups));
        var runs = Path.Combine(Daemon.RunRoot, "builder");
        Assert.Empty(Directory.Exists(runs) ? Directory.GetDirectories(runs).Where(d => Path.GetFileName(d) != "oci") : []);
        var oci = Path.Combine(runs, "oci");
        Assert.Empty(Directory.Exists(oci) ? Directory.GetDirectories(oci) : []);
        Assert.Empty(Directory.GetDirectories(Path.Combine(Daemon.Root, "builder", "work")));
    }

    [Fact]
    public async Task Secret_and_cache_mounts_ignore_files_and_ADD_of_a_tar_work()
    {
        Directory.CreateDirectory(Path.Combine(_context, "app"));
        Write("app/kept.txt", "kept\n");
        Write("app/secret.key", "never copied\n");
        Write(".dockerignore", "app/*.key\n");
        var archive = await Shell.RunAsync("/bin/tar", ["-C", Path.Combine(_context, "app"), "-czf", Path.Combine(_context, "bundle.tar.gz"), "kept.txt"]);
        Assert.Equal(0, archive.ExitCode);
        Write("Dockerfile", $"""
            FROM {BockDaemon.Image}
            COPY app /app/
            ADD bundle.tar.gz /unpacked/
            RUN --mount=type=secret,id=token test "$(cat /run/secrets/token)" = hunter2 && echo secret-seen
            RUN --mount=type=cache,target=/cache echo run >> /cache/log && wc -l < /cache/log > /count
            """);
        var secrets = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(
            $$$"""{"token":"{{{Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("hunter2"))}}}"}"""));
        var headers = new Dictionary<string, string> { ["X-Bock-Build-Secrets"] = secrets };
        var tag = Names.Unique("mounts");
        var first = await BuildApi.BuildAsync(Daemon, _context, "nocache=1&t=" + tag, headers);
        Assert.True(first.Error is null, first.ToString());
        Assert.Contains("secret-seen", first.Text);
        var second = await BuildApi.BuildAsync(Daemon, _context, "nocache=1&t=" + tag, headers);
        Assert.True(second.Error is null, second.ToString());

        var files = await Daemon.BockAsync("run", "--rm", tag, "sh", "-c",
            "cat /count /app/kept.txt /unpacked/kept.txt; ls /app; test -e /run/secrets/token && echo secret-left; test -e /cache/log && echo cache-left; true");
        Assert.True(files.ExitCode == 0, files.ToString());
        // The cache dir outlived the first build (2 lines); the ignored key, the secret and the cache are not in the image.
        Assert.Equal("2\nkept\nkept\nkept.txt\n", files.Stdout);

        var missingSecret = await BuildApi.BuildAsync(Daemon, _context, "nocache=1");
        Assert.NotNull(missingSecret.Error);
    }

    [Fact]
    public async Task Heredocs_run_as_scripts_feed_commands_and_copy_inline_files()
    {
        // RUN <<EOF: the heredoc is the script; a command with heredocs reads them (<<- strips tabs); COPY <<EOF is
        // an inline file, expanded unless its delimiter is quoted.
        Write("Dockerfile", $$"""
            FROM {{BockDaemon.Image}}
            RUN <<EOF
            echo one > /one.txt
            echo two > /two.txt
            EOF
            RUN <<EOF
            #!/bin/sh -e
            echo "by $0" > /shebang.txt
            EOF
            RUN <<A cat > /a.txt && cat <<-B > /b.txt
            alpha
            A
            TABbeta
            B
            ARG NAME=world
            COPY <<EOF /greeting.txt
            hello ${NAME}
            EOF
            COPY <<"EOF" /literal.txt
            hello ${NAME}
            EOF
            """.Replace("TAB", "\t"));
        var tag = Names.Unique("heredoc");
        var build = await BuildApi.BuildAsync(Daemon, _context, "t=" + tag);
        Assert.True(build.Error is null, build.ToString());
        var files = await Daemon.BockAsync("run", "--rm", tag, "cat", "/one.txt", "/two.txt", "/shebang.txt", "/a.txt", "/b.txt", "/greeting.txt", "/literal.txt");
        Assert.True(files.ExitCode == 0, files.ToString());
        Assert.Equal("one\ntwo\nby /dev/pipes/EOF\nalpha\nbeta\nhello world\nhello ${NAME}\n", files.Stdout);
        // The script's mount point is not left in the image.
        var pipes = await Daemon.BockAsync("run", "--rm", tag, "sh", "-c", "ls /dev/pipes 2>&1; true");
        Assert.DoesNotContain("EOF", pipes.Stdout);
    }

    [Fact]
    public async Task ONBUILD_triggers_of_the_base_run_after_FROM_and_are_not_inherited()
    {
        var baseTag = Names.Unique("onbase");
        Write("Dockerfile", $"""
            FROM {BockDaemon.Image}
            ONBUILD RUN echo hi >> /onbuild
            ONBUILD ENV TRIGGERED=yes
            """);
        var parent = await BuildApi.BuildAsync(Daemon, _context, "t=" + baseTag);
        Assert.True(parent.Error is null, parent.ToString());
        Assert.NotEqual(0, (await Daemon.BockAsync("run", "--rm", baseTag, "test", "-e", "/onbuild")).ExitCode); // not run in the base itself

        var childTag = Names.Unique("onchild");
        Write("Dockerfile", $"""
            FROM {baseTag}
            RUN cat /onbuild > /seen
            """);
        var child = await BuildApi.BuildAsync(Daemon, _context, "t=" + childTag);
        Assert.True(child.Error is null, child.ToString());
        Assert.Contains("RUN echo hi >> /onbuild", child.Text);
        var run = await Daemon.BockAsync("run", "--rm", childTag, "sh", "-c", "cat /onbuild /seen; echo $TRIGGERED");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("hi\nhi\nyes\n", run.Stdout);

        // The child does not carry the triggers on: a grandchild runs none (the trigger would append a second line).
        var grandTag = Names.Unique("ongrand");
        Write("Dockerfile", $"""
            FROM {childTag}
            RUN wc -l < /onbuild > /count
            """);
        var grand = await BuildApi.BuildAsync(Daemon, _context, "t=" + grandTag);
        Assert.True(grand.Error is null, grand.ToString());
        var count = await Daemon.BockAsync("run", "--rm", grandTag, "cat", "/count");
        Assert.Equal("1\n", count.Stdout);
    }

    [Fact]
    public async Task Cachefrom_reuses_the_layers_of_a_pushed_image_in_an_empty_store()
    {
        using var registry = new LocalRegistry(withAuth: false);
        var context = BusyboxContext(Path.Combine(_context, "bb"));
        File.SetLastWriteTimeUtc(Path.Combine(context, "busybox"), DateTime.UnixEpoch.AddSeconds(1_600_000_000));
        var tag = $"{registry.Host}/cache/{Names.Unique("from")}:v1";
        string? first;
        await using (var pusher = await BockDaemon.StartAsync(withBusybox: false))
        {
            var build = await BuildApi.BuildAsync(pusher, context, "push=1&sourcedateepoch=" + Epoch + "&t=" + Uri.EscapeDataString(tag));
            Assert.True(build.Error is null, build.ToString());
            Assert.All(build.LayerSteps, s => Assert.Equal("done", s.Status));
            first = build.ImageId;
        }

        // A fresh daemon: no builder cache, no image. Without cachefrom every step runs; with it, none does.
        await using var daemon = await BockDaemon.StartAsync(withBusybox: false);
        var cacheFrom = Uri.EscapeDataString($"[\"{tag}\"]");
        var cached = await BuildApi.BuildAsync(daemon, context, "t=again:1&sourcedateepoch=" + Epoch + "&cachefrom=" + cacheFrom);
        Assert.True(cached.Error is null, cached.ToString());
        Assert.NotEmpty(cached.LayerSteps);
        Assert.All(cached.LayerSteps, s => Assert.Equal("cached", s.Status));
        Assert.Equal(first, cached.ImageId);
        var run = await daemon.BockAsync("run", "--rm", "again:1", "echo", "from-cache");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("from-cache\n", run.Stdout);

        var uncached = await BuildApi.BuildAsync(daemon, context, "nocache=1&t=again:2&sourcedateepoch=" + Epoch);
        Assert.True(uncached.Error is null, uncached.ToString());
        Assert.All(uncached.LayerSteps, s => Assert.Equal("done", s.Status));
    }

    [Fact]
    public async Task Cache_mount_owner_mode_and_locked_sharing_and_secret_mode_apply()
    {
        // Two stages run in parallel, each holding the same locked cache for a second: neither sees the other's marker.
        var id = Names.Unique("lk");
        Write("Dockerfile", $$"""
            FROM {{BockDaemon.Image}} AS one
            RUN --mount=type=cache,target=/l,id={{id}},sharing=locked sh -c 'test ! -e /l/busy && touch /l/busy && sleep 1 && rm /l/busy && echo one > /done'
            FROM {{BockDaemon.Image}} AS two
            RUN --mount=type=cache,target=/l,id={{id}},sharing=locked sh -c 'test ! -e /l/busy && touch /l/busy && sleep 1 && rm /l/busy && echo two > /done'
            FROM {{BockDaemon.Image}}
            COPY --from=one /done /one
            COPY --from=two /done /two
            RUN --mount=type=cache,target=/c,id={{id}}-owned,uid=1000,gid=1001,mode=0750 stat -c '%u:%g %a' /c > /cache-stat
            RUN --mount=type=secret,id=token,uid=1000,mode=0440 stat -c '%u:%g %a' /run/secrets/token > /secret-stat
            """);
        var secrets = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(
            $$$"""{"token":"{{{Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("hunter2"))}}}"}"""));
        var tag = Names.Unique("cachemode");
        var build = await BuildApi.BuildAsync(Daemon, _context, "nocache=1&t=" + tag, new Dictionary<string, string> { ["X-Bock-Build-Secrets"] = secrets });
        Assert.True(build.Error is null, build.ToString());
        var files = await Daemon.BockAsync("run", "--rm", tag, "cat", "/one", "/two", "/cache-stat", "/secret-stat");
        Assert.True(files.ExitCode == 0, files.ToString());
        Assert.Equal("one\ntwo\n1000:1001 750\n1000:0 440\n", files.Stdout);
    }

    [Fact]
    public async Task Bad_input_is_a_clear_error()
    {
        Write("Dockerfile", "FROM scratch\nCOPY missing.txt /x\n");
        var missing = await BuildApi.BuildAsync(Daemon, _context, "");
        Assert.StartsWith("Dockerfile:2:1: ", missing.Error);
        Assert.Contains("missing.txt", missing.Error);

        Write("Dockerfile", "FROM scratch\nCOPY --from=nosuchstage /x /x\n");
        var stage = await BuildApi.BuildAsync(Daemon, _context, "");
        Assert.StartsWith("Dockerfile:2:1: ", stage.Error);
        Assert.Contains("nosuchstage", stage.Error);

        Write("Dockerfile", "FROM scratch\nFROBNICATE x\n");
        var unknown = await BuildApi.BuildAsync(Daemon, _context, "");
        Assert.StartsWith("Dockerfile:2:1: ", unknown.Error);

        var platform = await BuildApi.BuildAsync(Daemon, _context, "platform=linux/arm64");
        Assert.Equal(400, platform.StatusCode);
    }

    [Fact]
    public async Task An_oci_archive_output_is_read_by_skopeo()
    {
        Write("Dockerfile", $"""
            FROM {BockDaemon.Image}
            RUN echo layer > /layer.txt
            LABEL built.by=bock
            """);
        var dest = Path.Combine(_context, "out", "image.tar");
        var outputs = Uri.EscapeDataString($$$"""[{"Type":"oci","Attrs":{"dest":"{{{dest}}}"}}]""");
        var build = await BuildApi.BuildAsync(Daemon, _context, "outputs=" + outputs);
        Assert.True(build.Error is null, build.ToString());
        var inspect = await Shell.RunAsync("skopeo", ["inspect", "oci-archive:" + dest]);
        Assert.True(inspect.ExitCode == 0, inspect.ToString());
        Assert.Contains("\"built.by\": \"bock\"", inspect.Stdout);
    }

    [Fact]
    public async Task Push_sends_the_built_image_to_a_registry_with_the_X_Registry_Config_credentials()
    {
        using var registry = new LocalRegistry(withAuth: true);
        Write("Dockerfile", $"""
            FROM {BockDaemon.Image}
            RUN echo pushed > /pushed.txt
            """);
        var tag = $"{registry.Host}/built/{Names.Unique("push")}:v1";
        var config = $$$"""{"{{{registry.Host}}}":{"username":"{{{LocalRegistry.User}}}","password":"{{{LocalRegistry.Password}}}"}}""";
        var headers = new Dictionary<string, string> { ["X-Registry-Config"] = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(config)) };
        var unauthorised = await BuildApi.BuildAsync(Daemon, _context, "push=1&t=" + Uri.EscapeDataString(tag));
        Assert.NotNull(unauthorised.Error);
        Assert.NotEqual(0, (await Daemon.BockAsync("image", "inspect", tag)).ExitCode); // a failed push moves no tag
        var build = await BuildApi.BuildAsync(Daemon, _context, "push=1&t=" + Uri.EscapeDataString(tag), headers);
        Assert.True(build.Error is null, build.ToString());
        Assert.Contains("v1: digest: sha256:", build.Text);

        Assert.Equal(0, (await Daemon.BockAsync("rmi", tag)).ExitCode);
        var login = await Daemon.BockAsync("login", "-u", LocalRegistry.User, "-p", LocalRegistry.Password, registry.Host);
        Assert.True(login.ExitCode == 0, login.ToString());
        try
        {
            var run = await Daemon.BockAsync("run", "--rm", tag, "cat", "/pushed.txt");
            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.Equal("pushed\n", run.Stdout);
        }
        finally
        {
            await Daemon.BockAsync("logout", registry.Host);
        }
    }

    [Fact]
    public async Task The_docker_CLI_builds_with_the_classic_builder_against_bockd()
    {
        Write("Dockerfile", $"""
            FROM {BockDaemon.Image}
            COPY hello.txt /hello.txt
            RUN cat /hello.txt
            CMD ["cat", "/hello.txt"]
            """);
        Write("hello.txt", "hello from docker build\n");
        var tag = Names.Unique("docker");
        var build = await Shell.RunAsync("/usr/bin/env", ["DOCKER_BUILDKIT=0", "DOCKER_HOST=" + Daemon.Host, "DOCKER_CONFIG=" + Path.Combine(Daemon.Directory, "docker-config"),
            "docker", "build", "-t", tag, _context], TimeSpan.FromSeconds(120));
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Contains($"Successfully tagged {tag}", build.Stdout);
        var run = await Daemon.BockAsync("run", "--rm", tag);
        Assert.Equal("hello from docker build\n", run.Stdout);
    }

    [Fact]
    public async Task Normalizeowners_writes_every_layer_entry_as_root_and_is_part_of_the_cache_key()
    {
        Write("Dockerfile", $"""
            FROM {BockDaemon.Image}
            RUN mkdir /owned && touch /owned/file && chown -R 1234:1234 /owned
            """);
        var plain = Names.Unique("owners");
        var normalised = Names.Unique("owners-root");
        var first = await BuildApi.BuildAsync(Daemon, _context, "t=" + plain);
        Assert.True(first.Error is null, first.ToString());
        var second = await BuildApi.BuildAsync(Daemon, _context, "normalizeowners=1&t=" + normalised);
        Assert.True(second.Error is null, second.ToString());
        // The unnormalised layer is no cache hit for a normalised build: the RUN ran again.
        Assert.Equal(["done"], second.LayerSteps.Select(s => s.Status));

        var owners = await Daemon.BockAsync("run", "--rm", plain, "stat", "-c", "%u:%g", "/owned", "/owned/file");
        Assert.True(owners.ExitCode == 0, owners.ToString());
        Assert.Equal("1234:1234\n1234:1234\n", owners.Stdout);
        var rooted = await Daemon.BockAsync("run", "--rm", normalised, "stat", "-c", "%u:%g", "/owned", "/owned/file");
        Assert.True(rooted.ExitCode == 0, rooted.ToString());
        Assert.Equal("0:0\n0:0\n", rooted.Stdout);
        // A second normalised build hits its own cache.
        var again = await BuildApi.BuildAsync(Daemon, _context, "normalizeowners=1&t=" + normalised);
        Assert.Equal(["cached"], again.LayerSteps.Select(s => s.Status));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_COPY_link_layer_is_reused_over_a_changed_parent_and_a_plain_COPY_is_not(bool link)
    {
        Write("f", "linked content\n");
        Write("Dockerfile", $"""
            FROM {BockDaemon.Image}
            ARG V
            RUN echo $V > /v && echo {link} > /linked
            COPY {(link ? "--link " : "")}f /f
            RUN cat /v /f > /both
            """);
        var tag = Names.Unique("link");
        var first = await BuildApi.BuildAsync(Daemon, _context, "t=" + tag + "-1&buildargs=" + Uri.EscapeDataString("""{"V":"1"}"""));
        Assert.True(first.Error is null, first.ToString());
        var second = await BuildApi.BuildAsync(Daemon, _context, "t=" + tag + "-2&buildargs=" + Uri.EscapeDataString("""{"V":"2"}"""));
        Assert.True(second.Error is null, second.ToString());
        // The RUN after the COPY depends on the new parent either way.
        Assert.Equal(["done", link ? "cached" : "done", "done"], second.LayerSteps.Select(s => s.Status));

        async Task<string> CopyLayer(string image)
        {
            var inspect = await Daemon.BockAsync("image", "inspect", image);
            Assert.True(inspect.ExitCode == 0, inspect.ToString());
            using var json = System.Text.Json.JsonDocument.Parse(inspect.Stdout);
            return json.RootElement[0].GetProperty("RootFS").GetProperty("Layers")[2].GetString()!;
        }
        var firstLayer = await CopyLayer(tag + "-1");
        Assert.StartsWith("sha256:", firstLayer);
        Assert.Equal(firstLayer, await CopyLayer(tag + "-2"));  // the same content either way, a new layer without --link
        var both = await Daemon.BockAsync("run", "--rm", tag + "-2", "cat", "/both");
        Assert.True(both.ExitCode == 0, both.ToString());
        Assert.Equal("2\nlinked content\n", both.Stdout);
    }
}
