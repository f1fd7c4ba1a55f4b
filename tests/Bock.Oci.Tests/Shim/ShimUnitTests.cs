using System.Text;
using System.Text.Json;
using Bock.Oci.Shim;

namespace Bock.Oci.Tests.Shim;

/// <summary>The shim's formats, without a container: attach frames and json-file lines.</summary>
public sealed class ShimUnitTests
{
    [Fact]
    public void A_frame_is_docker_stdcopy_header_then_payload()
    {
        var frame = AttachFrame.Encode(OutputStream.Stderr, "hi\n"u8);
        Assert.Equal(new byte[] { 2, 0, 0, 0, 0, 0, 0, 3, (byte)'h', (byte)'i', (byte)'\n' }, frame);
        Assert.True(AttachFrame.TryDecodeHeader(frame, out var stream, out var size));
        Assert.Equal((OutputStream.Stderr, 3), (stream, size));
        Assert.False(AttachFrame.TryDecodeHeader(new byte[] { 1, 1, 0, 0, 0, 0, 0, 0 }, out _, out _));
    }

    [Fact]
    public void The_log_has_one_entry_per_line_and_keeps_partial_lines_until_complete_or_flushed()
    {
        var path = Path.Combine(Path.GetTempPath(), $"bock-shim-log-{Guid.NewGuid():N}.json");
        try
        {
            var time = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc).AddTicks(1234567);
            using (var log = new JsonFileLog(path))
            {
                log.Write(OutputStream.Stdout, "a\nb"u8, time);
                log.Write(OutputStream.Stderr, "e\"\n"u8, time);
                log.Write(OutputStream.Stdout, "c\nd"u8, time);
                log.Write(OutputStream.Stdout, Encoding.UTF8.GetBytes(new string('x', JsonFileLog.MaxLine + 1)), time);
                log.Flush(time);
            }
            var lines = File.ReadAllLines(path);
            Assert.Equal("""{"log":"a\n","stream":"stdout","time":"2026-01-02T03:04:05.1234567Z"}""", lines[0]);
            var entries = lines.Select(l => JsonSerializer.Deserialize(l, ShimJsonContext.Default.LogEntry)!).ToList();
            Assert.Equal(["a\n", "e\"\n", "bc\n"], entries.Take(3).Select(e => e.Log));
            Assert.Equal("stderr", entries[1].Stream);
            Assert.Equal(JsonFileLog.MaxLine, entries[3].Log.Length); // "d" + 16383 x: a long line is split
            Assert.Equal("xx", entries[4].Log);
            Assert.Equal(5, entries.Count);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
