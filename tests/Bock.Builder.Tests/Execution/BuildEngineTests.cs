using Akka.Actor;
using Bock.Builder.Context;
using Bock.Builder.Dockerfile;
using Bock.Builder.Execution;
using Bock.Images.Store;

namespace Bock.Builder.Tests.Execution;

/// <summary>
/// The build actors with a fake container runner over a real store in a temp dir: layer steps, COPY --from between
/// stages, the cache, a failing RUN (its code, its location, no image), and a failure stopping a parallel stage.
/// </summary>
[Trait(Category.Name, Category.Privileged)] // lchown and the snapshot renames want root
public sealed class BuildEngineTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("bock-engine-").FullName;
    private readonly ActorSystem _system = ActorSystem.Create("engine-tests");
    private readonly FakeBuildHost _host = new();

    public void Dispose()
    {
        _system.Terminate().Wait(TimeSpan.FromSeconds(10));
        Directory.Delete(_root, recursive: true);
    }

    private string Context(params (string Name, string Text)[] files)
    {
        var dir = Path.Combine(_root, "context-" + Guid.NewGuid().ToString("N")[..6]);
        Directory.CreateDirectory(dir);
        foreach (var (name, text) in files) File.WriteAllText(Path.Combine(dir, name), text);
        return dir;
    }

    private Task<Image> BuildAsync(string dockerfile, string context, bool noCache = false, long? epoch = null, string root = "store")
    {
        var graph = DockerfileFrontEnd.Parse(dockerfile, "Dockerfile", new Dictionary<string, string>(), null);
        var request = new BuildRequest(graph, context, new IgnoreMatcher([])) { NoCache = noCache, SourceDateEpoch = epoch };
        var environment = new BuildEnvironment(request, new ImageStore(Path.Combine(_root, root)), _host, _host, _host);
        return BuildEngine.BuildAsync(_system, environment, CancellationToken.None);
    }

    [Fact]
    public async Task Run_and_copy_steps_make_layers_and_copy_from_reads_an_earlier_stage()
    {
        _host.Run = (spec, _) =>
        {
            File.WriteAllText(Path.Combine(spec.UpperDir, "made.txt"), string.Join(' ', spec.Args));
            return Task.FromResult(0);
        };
        var context = Context(("input.txt", "from the context\n"));
        var image = await BuildAsync("""
            FROM scratch AS first
            COPY input.txt /in/
            ENV GREETING=hi
            RUN make it
            FROM scratch
            COPY --from=first /made.txt /in/input.txt /copied/
            """, context);
        Assert.Single(image.Manifest.Layers);
        var store = new ImageStore(Path.Combine(_root, "store"));
        var fs = store.Snapshots.FsDir(image.ChainIds[^1]);
        Assert.Equal("/bin/sh -c make it", File.ReadAllText(Path.Combine(fs, "copied", "made.txt")));
        Assert.Equal("from the context\n", File.ReadAllText(Path.Combine(fs, "copied", "input.txt")));
        var run = Assert.Single(_host.Runs);
        Assert.Contains("GREETING=hi", run.Env);
        Assert.Single(run.LowerDirs); // the COPY's layer
    }

    [Fact]
    public async Task A_second_build_is_cached_and_a_changed_file_rebuilds_from_its_copy()
    {
        var context = Context(("a.txt", "a"), ("b.txt", "b"));
        const string dockerfile = "FROM scratch\nCOPY a.txt /a\nRUN one\nCOPY b.txt /b\nRUN two\n";
        await BuildAsync(dockerfile, context);
        Assert.Equal(2, _host.Runs.Count);
        _host.Steps.Clear();
        await BuildAsync(dockerfile, context);
        Assert.Equal(2, _host.Runs.Count);
        Assert.Equal(4, _host.Steps.Count(s => s.Status == "cached"));

        File.WriteAllText(Path.Combine(context, "b.txt"), "changed");
        _host.Steps.Clear();
        await BuildAsync(dockerfile, context);
        Assert.Equal(3, _host.Runs.Count); // only RUN two again
        Assert.Equal(["COPY a.txt /a", "RUN one"], _host.Steps.Where(s => s.Status == "cached").Select(s => s.Name));

        await BuildAsync(dockerfile, context, noCache: true);
        Assert.Equal(5, _host.Runs.Count);
    }

    [Fact]
    public async Task A_failing_run_fails_the_build_with_its_code_and_location()
    {
        _host.Run = (spec, _) => Task.FromResult(spec.Args[^1] == "fail" ? 3 : 0);
        var context = Context();
        var error = await Assert.ThrowsAsync<BuildFailedException>(() => BuildAsync("FROM scratch\nRUN ok\nRUN fail\nRUN never\n", context));
        Assert.Equal(3, error.ExitCode);
        Assert.StartsWith("Dockerfile:3:1: ", error.Message);
        Assert.Contains("exit code: 3", error.Message);
        Assert.Equal(2, _host.Runs.Count);
        Assert.Contains(_host.Steps, s => s.Name == "RUN fail" && s.Status == "error");
        Assert.Empty(Directory.GetDirectories(Path.Combine(_root, "store", "builder", "work")));
    }

    [Fact]
    public async Task A_failing_stage_cancels_a_stage_running_in_parallel()
    {
        var cancelled = new TaskCompletionSource();
        _host.Run = async (spec, ct) =>
        {
            if (spec.Args[^1] == "fail")
            {
                await Task.Delay(200, CancellationToken.None);
                return 1;
            }
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
                cancelled.TrySetResult();
                throw;
            }
            return 0;
        };
        var context = Context();
        await Assert.ThrowsAsync<BuildFailedException>(() => BuildAsync("""
            FROM scratch AS slow
            RUN wait
            FROM scratch AS broken
            RUN fail
            FROM scratch
            COPY --from=slow /x /x
            COPY --from=broken /y /y
            """, context));
        await cancelled.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task SOURCE_DATE_EPOCH_gives_the_same_image_in_two_stores()
    {
        _host.Run = (spec, _) =>
        {
            Directory.CreateDirectory(Path.Combine(spec.UpperDir, "out"));
            File.WriteAllText(Path.Combine(spec.UpperDir, "out", "file"), "content");
            return Task.FromResult(0);
        };
        var context = Context(("in.txt", "in"));
        File.SetLastWriteTimeUtc(Path.Combine(context, "in.txt"), DateTime.UnixEpoch.AddSeconds(1000));
        const string dockerfile = "FROM scratch\nCOPY in.txt /app/\nRUN build\nLABEL a=b\n";
        var first = await BuildAsync(dockerfile, context, epoch: 1_700_000_000, root: "one");
        await Task.Delay(1100); // a second later: any unclamped time would differ
        var second = await BuildAsync(dockerfile, context, epoch: 1_700_000_000, root: "two");
        Assert.Equal(first.ConfigDigest, second.ConfigDigest);
        Assert.Equal(first.ManifestDigest, second.ManifestDigest);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), first.Config.Created);
    }

    [Fact]
    public async Task A_layer_written_without_SOURCE_DATE_EPOCH_is_not_reused_by_a_build_with_it()
    {
        // Its mtimes were not clamped: reusing it would break the reproducible digest.
        var context = Context(("in.txt", "in"));
        const string dockerfile = "FROM scratch\nCOPY in.txt /in\nRUN build\n";
        await BuildAsync(dockerfile, context);
        _host.Steps.Clear();
        await BuildAsync(dockerfile, context, epoch: 1_700_000_000);
        Assert.DoesNotContain(_host.Steps, s => s.Status == "cached");
        Assert.Equal(2, _host.Runs.Count);
        _host.Steps.Clear();
        await BuildAsync(dockerfile, context, epoch: 1_700_000_000);
        Assert.Equal(2, _host.Steps.Count(s => s.Status == "cached"));
        _host.Steps.Clear();
        await BuildAsync(dockerfile, context, epoch: 1_700_000_001);
        Assert.DoesNotContain(_host.Steps, s => s.Status == "cached");
    }
}
