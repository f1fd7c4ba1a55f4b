using Bock.Images.Snapshots;

namespace Bock.Images.Tests.Support;

/// <summary>The overlay mounts a test made, unmounted when it is disposed, also after a failure.</summary>
internal sealed class MountedOverlays : IDisposable
{
    private readonly List<string> _targets = [];

    public int Count => _targets.Count;

    public void Add(string target) => _targets.Add(target);

    /// <summary>The test unmounted it itself.</summary>
    public void Remove(string target) => _targets.Remove(target);

    public void Dispose()
    {
        foreach (var target in _targets)
        {
            try
            {
                OverlayMounter.Unmount(target);
            }
            catch (IOException)
            {
                // Already gone: nothing to undo.
            }
        }
    }
}
