using Bock.Images.Content;
using Bock.Images.Registry;

namespace Bock.Host.Images;

/// <summary>
/// Turns the registry client's blob reports into Docker's pull lines, one id (12 hex digits) per layer. Docker shows
/// layers only: the config is the first blob the client announces (it lists the config before the layers).
/// </summary>
public sealed class PullProgress(ProgressStream stream) : IProgress<LayerProgress>
{
    private readonly Lock _gate = new();
    private string? _config;

    public void Report(LayerProgress value)
    {
        lock (_gate)
        {
            if (value.Status == LayerStatus.Waiting && _config is null)
            {
                _config = value.Digest;
                return;
            }
            if (value.Digest == _config) return;
        }
        var id = Digest.Hex(value.Digest)[..12];
        switch (value.Status)
        {
            case LayerStatus.Waiting: stream.Status("Pulling fs layer", id); break;
            case LayerStatus.AlreadyExists: stream.Status("Already exists", id); break;
            case LayerStatus.Done: stream.Status("Download complete", id); break;
            case LayerStatus.Skipped: stream.Status("Skipped foreign layer", id); break;
            case LayerStatus.Downloading:
                stream.Post(new ProgressMessage
                {
                    Status = "Downloading",
                    Id = id,
                    ProgressDetail = new ProgressDetailDto { Current = value.BytesDone, Total = value.BytesTotal },
                    Progress = ProgressStream.Bar(value.BytesDone, value.BytesTotal),
                });
                break;
        }
    }
}
