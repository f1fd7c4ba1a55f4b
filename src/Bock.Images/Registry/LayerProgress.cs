namespace Bock.Images.Registry;

public enum LayerStatus
{
    Waiting,
    Downloading,
    Uploading,
    AlreadyExists,
    Mounted,
    Skipped,
    Done,
}

/// <summary>A progress event for one blob, for the CLI's progress bars.</summary>
public sealed record LayerProgress(string Digest, LayerStatus Status, long BytesDone, long BytesTotal, string? Note = null);
