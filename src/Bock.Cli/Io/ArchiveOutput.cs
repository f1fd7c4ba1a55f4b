namespace Bock.Cli.Io;

/// <summary>Where save and export put a tar: stdout, or a file written aside and renamed, so that an interrupted
/// run never leaves a truncated archive under the name.</summary>
internal static class ArchiveOutput
{
    public static async Task WriteAsync(Stream archive, string? path, CancellationToken ct)
    {
        if (path is null)
        {
            await using var stdout = Console.OpenStandardOutput();
            await archive.CopyToAsync(stdout, ct);
            return;
        }
        var temp = path + ".tmp-" + Environment.ProcessId;
        try
        {
            await using (var file = File.Create(temp)) await archive.CopyToAsync(file, ct);
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }
}
