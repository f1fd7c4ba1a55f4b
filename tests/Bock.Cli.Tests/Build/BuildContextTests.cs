using System.Formats.Tar;
using System.Text;
using Bock.Cli.Build;
using Bock.Cli.CommandLine;

namespace Bock.Cli.Tests.Build;

public sealed class BuildContextTests : IDisposable
{
    private readonly TempDir _dir = new();

    private string Context => Path.Combine(_dir.Path, "ctx");

    public BuildContextTests() => Directory.CreateDirectory(Context);

    public void Dispose() => _dir.Dispose();

    private void Write(string relative, string content = "x")
    {
        var path = Path.Combine(Context, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    private static async Task<Dictionary<string, TarEntry>> EntriesAsync(BuildSource source)
    {
        using var body = new MemoryStream();
        await source.Body.CopyToAsync(body);
        body.Position = 0;
        var entries = new Dictionary<string, TarEntry>();
        await using var reader = new TarReader(body);
        while (await reader.GetNextEntryAsync(copyData: true) is { } entry) entries[entry.Name.TrimEnd('/')] = entry;
        return entries;
    }

    private static string Text(TarEntry entry) => new StreamReader(entry.DataStream!).ReadToEnd();

    private Task<BuildSource> ResolveAsync(string? file = null, string? stdin = null) =>
        BuildSource.ResolveAsync(Context, file, () => new MemoryStream(Encoding.UTF8.GetBytes(stdin ?? "")), CancellationToken.None);

    [Fact]
    public async Task The_dockerignore_leaves_paths_out_but_keeps_itself_the_spec_and_its_exceptions()
    {
        Write("Dockerfile", "FROM scratch");
        Write(".dockerignore", "*.log\nbuild\n!build/keep.txt\nDockerfile\n.dockerignore\n**/*.tmp\n");
        Write("app.c");
        Write("debug.log");
        Write("src/a.tmp");
        Write("src/main.c");
        Write("build/out.o");
        Write("build/keep.txt");
        var source = await ResolveAsync();
        Assert.Equal("Dockerfile", source.Spec);
        var names = (await EntriesAsync(source)).Keys.Order(StringComparer.Ordinal).ToList();
        Assert.Equal([".dockerignore", "Dockerfile", "app.c", "build/keep.txt", "src", "src/main.c"], names);
    }

    [Fact]
    public async Task A_bockignore_wins_over_the_dockerignore()
    {
        Write("Bockfile", "version: 1");
        Write(".dockerignore", "a.txt");
        Write(".bockignore", "b.txt");
        Write("a.txt");
        Write("b.txt");
        var names = (await EntriesAsync(await ResolveAsync())).Keys.ToHashSet();
        Assert.Contains("a.txt", names);
        Assert.DoesNotContain("b.txt", names);
        Assert.Contains(".bockignore", names);
    }

    [Fact]
    public async Task Symlinks_are_packed_as_links_and_never_followed()
    {
        Write("Dockerfile");
        Write("target.txt", "target");
        var outside = Path.Combine(_dir.Path, "outside");
        Directory.CreateDirectory(outside);
        File.WriteAllText(Path.Combine(outside, "secret"), "do not send");
        File.CreateSymbolicLink(Path.Combine(Context, "dirlink"), outside);
        File.CreateSymbolicLink(Path.Combine(Context, "filelink"), "target.txt");
        var entries = await EntriesAsync(await ResolveAsync());
        Assert.Equal(TarEntryType.SymbolicLink, entries["dirlink"].EntryType);
        Assert.Equal(outside, entries["dirlink"].LinkName);
        Assert.Equal(TarEntryType.SymbolicLink, entries["filelink"].EntryType);
        Assert.Equal("target.txt", entries["filelink"].LinkName);
        Assert.DoesNotContain(entries.Keys, k => k.StartsWith("dirlink/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Modes_and_directories_are_kept()
    {
        Write("Dockerfile");
        Write("bin/tool", "#!/bin/sh");
        File.SetUnixFileMode(Path.Combine(Context, "bin/tool"), (UnixFileMode)0x1E8); // 0750
        Directory.CreateDirectory(Path.Combine(Context, "empty"));
        var entries = await EntriesAsync(await ResolveAsync());
        Assert.Equal((UnixFileMode)0x1E8, entries["bin/tool"].Mode);
        Assert.Equal(TarEntryType.Directory, entries["empty"].EntryType);
        Assert.Equal("#!/bin/sh", Text(entries["bin/tool"]));
    }

    [Fact]
    public async Task A_spec_outside_the_context_is_added_under_a_generated_name()
    {
        Write("app.c");
        var elsewhere = Path.Combine(_dir.Path, "specs", "Bockfile");
        Directory.CreateDirectory(Path.GetDirectoryName(elsewhere)!);
        File.WriteAllText(elsewhere, "version: 1\nstages: {}\n");
        var source = await ResolveAsync(elsewhere);
        Assert.Equal(".bock-build-spec/Bockfile", source.Spec);
        var entries = await EntriesAsync(source);
        Assert.Equal("version: 1\nstages: {}\n", Text(entries[".bock-build-spec/Bockfile"]));
        Assert.Contains("app.c", entries.Keys);
    }

    [Fact]
    public async Task A_spec_inside_the_context_is_named_by_its_path_there()
    {
        Write("docker/Dockerfile.dev", "FROM scratch");
        Write(".dockerignore", "docker");
        var source = await ResolveAsync(Path.Combine(Context, "docker", "Dockerfile.dev"));
        Assert.Equal("docker/Dockerfile.dev", source.Spec);
        Assert.Contains("docker/Dockerfile.dev", (await EntriesAsync(source)).Keys); // kept although its directory is ignored
    }

    [Fact]
    public async Task Without_f_a_Bockfile_is_preferred_over_a_Dockerfile()
    {
        Write("Dockerfile");
        Write("Bockfile");
        Assert.Equal("Bockfile", (await ResolveAsync()).Spec);
        File.Delete(Path.Combine(Context, "Bockfile"));
        Assert.Equal("Dockerfile", (await ResolveAsync()).Spec);
        File.Delete(Path.Combine(Context, "Dockerfile"));
        await Assert.ThrowsAsync<UsageException>(() => ResolveAsync());
        await Assert.ThrowsAsync<UsageException>(() => BuildSource.ResolveAsync(Path.Combine(_dir.Path, "nope"), null, () => Stream.Null, default));
    }

    [Fact]
    public async Task A_spec_on_stdin_with_a_context_directory()
    {
        Write("app.c");
        var source = await ResolveAsync("-", "FROM scratch\nCOPY app.c /\n");
        Assert.Equal(".bock-build-spec/Dockerfile", source.Spec);
        Assert.Equal("FROM scratch\nCOPY app.c /\n", Text((await EntriesAsync(source))[".bock-build-spec/Dockerfile"]));
    }

    [Fact]
    public async Task Stdin_as_the_context_is_a_spec_alone_or_a_tar_passed_through()
    {
        var bockfile = await BuildSource.ResolveAsync("-", null, () => new MemoryStream("version: 1\nstages:\n  a: {}\n"u8.ToArray()), default);
        Assert.Equal("Bockfile", bockfile.Spec);
        Assert.Equal(["Bockfile"], (await EntriesAsync(bockfile)).Keys);

        using var tar = new MemoryStream();
        await using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
            await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, "Dockerfile") { DataStream = new MemoryStream("FROM scratch"u8.ToArray()) });
        var bytes = tar.ToArray();
        var passed = await BuildSource.ResolveAsync("-", "Dockerfile", () => new MemoryStream(bytes), default);
        Assert.Equal("Dockerfile", passed.Spec);
        Assert.Equal(bytes, await passed.Body.ReadAsByteArrayAsync()); // byte for byte, sniffed head included
        await Assert.ThrowsAsync<UsageException>(() => BuildSource.ResolveAsync("-", "-", () => Stream.Null, default));
    }
}
