namespace Bock.Images.Store;

public sealed record GarbageCollectionResult(IReadOnlyList<string> RemovedBlobs, IReadOnlyList<string> RemovedSnapshots, long BytesFreed);
