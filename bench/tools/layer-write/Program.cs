using System.Diagnostics;
using Bock.Images.Layers.Writing;
using Bock.Images.Store;

// layer-write-bench LAYER_DIR STORE_ROOT [SOURCE_DATE_EPOCH]
// One untimed write (JIT, page cache), then one timed write: prints "<ns> <compressed bytes> <diff id>".
// The daemon that runs builds is a warm process, so its first-call costs are not the writer's.
// With TAR_ONLY=1 in the environment it times the uncompressed tar alone, written to nowhere ("<ns> <tar bytes> -").
if (args.Length is < 2 or > 3)
{
    Console.Error.WriteLine("usage: layer-write-bench LAYER_DIR STORE_ROOT [SOURCE_DATE_EPOCH]");
    return 2;
}
if (Environment.GetEnvironmentVariable("TAR_ONLY") == "1")
{
    var tarOptions = new LayerWriteOptions(args.Length == 3 ? long.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : null);
    await LayerDiffWriter.WriteTarAsync(args[0], Stream.Null, tarOptions);
    var counter = new CountingStream();
    long t0 = Stopwatch.GetTimestamp();
    await LayerDiffWriter.WriteTarAsync(args[0], counter, tarOptions);
    Console.WriteLine($"{(long)(Stopwatch.GetElapsedTime(t0).TotalMilliseconds * 1e6)} {counter.Length} -");
    return 0;
}
var store = new ImageStore(args[1]);
var options = new LayerWriteOptions(args.Length == 3 ? long.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : null);
await LayerDiffWriter.WriteAsync(store, args[0], options);
long start = Stopwatch.GetTimestamp();
LayerWriteResult result = await LayerDiffWriter.WriteAsync(store, args[0], options);
long ns = (long)(Stopwatch.GetElapsedTime(start).TotalMilliseconds * 1e6);
Console.WriteLine($"{ns} {result.Descriptor.Size} {result.DiffId}");
return 0;

/// <summary>Counts what is written and keeps none of it.</summary>
internal sealed class CountingStream : Stream
{
    private long _length;
    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => _length;
    public override long Position { get => _length; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => _length += count;
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        _length += buffer.Length;
        return ValueTask.CompletedTask;
    }
}
