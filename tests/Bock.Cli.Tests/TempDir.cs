namespace Bock.Cli.Tests;

internal sealed class TempDir : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("bock-cli-test-").FullName;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
