using System.Diagnostics;
using Bock.Images.Layers.Writing;
using Bock.Images.Store;

// layer-write-bench LAYER_DIR STORE_ROOT [SOURCE_DATE_EPOCH]
// One untimed write (JIT, page cache), then one timed write: prints "<ns> <compressed bytes> <diff id>".
// The daemon that runs builds is a warm process, so its first-call costs are not the writer's.
if (args.Length is < 2 or > 3)
{
    Console.Error.WriteLine("usage: layer-write-bench LAYER_DIR STORE_ROOT [SOURCE_DATE_EPOCH]");
    return 2;
}
var store = new ImageStore(args[1]);
var options = new LayerWriteOptions(args.Length == 3 ? long.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : null);
await LayerDiffWriter.WriteAsync(store, args[0], options);
long start = Stopwatch.GetTimestamp();
LayerWriteResult result = await LayerDiffWriter.WriteAsync(store, args[0], options);
long ns = (long)(Stopwatch.GetElapsedTime(start).TotalMilliseconds * 1e6);
Console.WriteLine($"{ns} {result.Descriptor.Size} {result.DiffId}");
return 0;
