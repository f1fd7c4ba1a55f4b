using Bock.Images.Store;

namespace Bock.Builder.Execution;

/// <summary>The daemon's images as a build sees them: FROM and COPY --from images, pulled when missing.</summary>
public interface IBuildImages
{
    /// <summary>
    /// The stored image <paramref name="reference"/> names, pulled first when it is missing or <paramref name="pull"/>
    /// is set, with its layers unpacked into snapshots.
    /// </summary>
    Task<Image> ResolveAsync(string reference, bool pull, Action<string> log, CancellationToken cancellationToken);
}
