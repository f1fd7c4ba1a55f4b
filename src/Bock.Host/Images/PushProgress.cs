using Bock.Images.Content;
using Bock.Images.Registry;

namespace Bock.Host.Images;

/// <summary>Docker's push lines per layer; the config blob, which Docker does not show, is left out.</summary>
public sealed class PushProgress(ProgressStream stream, string configDigest, string? mountedFrom) : IProgress<LayerProgress>
{
    public void Report(LayerProgress value)
    {
        if (value.Digest == configDigest) return;
        var id = Digest.Hex(value.Digest)[..12];
        switch (value.Status)
        {
            case LayerStatus.AlreadyExists: stream.Status("Layer already exists", id); break;
            case LayerStatus.Mounted: stream.Status($"Mounted from {mountedFrom ?? "another repository"}", id); break;
            case LayerStatus.Done: stream.Status("Pushed", id); break;
            case LayerStatus.Uploading:
                stream.Post(new ProgressMessage
                {
                    Status = "Pushing",
                    Id = id,
                    ProgressDetail = new ProgressDetailDto { Current = value.BytesDone, Total = value.BytesTotal },
                    Progress = ProgressStream.Bar(value.BytesDone, value.BytesTotal),
                });
                break;
        }
    }
}
