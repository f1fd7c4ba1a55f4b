using Bock.Images.Content;
using Bock.Images.Reference;
using Bock.Images.Store;

namespace Bock.Host.Images;

public sealed partial class ImageService
{
    /// <summary>
    /// Names a built image: each name moves to it (the image it named before stays, untagged), and an image built
    /// without a name stays as a dangling one, as Docker keeps it.
    /// </summary>
    public void TagBuilt(Image image, IReadOnlyList<ImageReference> names)
    {
        var record = new ImageRecord { Digest = image.ManifestDigest, MediaType = image.ManifestMediaType, Size = Store.Blobs.SizeOf(image.ManifestDigest) ?? 0 };
        KeepingOrphans(() =>
        {
            foreach (var name in names) Store.Tags.Set(name, record);
        });
        if (names.Count == 0) KeepUntagged(image);
    }

    /// <summary>Pushes a built image under <paramref name="name"/> (build's <c>push=1</c>); returns the manifest digest.</summary>
    public async Task<string> PushBuiltAsync(Image image, ImageReference name, AuthConfigDto? auth, CancellationToken ct)
    {
        using var client = RegistryFor(auth, name.Domain);
        return await client.Client.PushAsync(Store, image, name, cancellationToken: ct);
    }

    /// <summary>
    /// The credentials for <paramref name="name"/>'s registry out of what a build request carries: X-Registry-Auth,
    /// else the entry of X-Registry-Config (base64 JSON: server address → auth config, as the docker CLI sends it).
    /// </summary>
    /// <exception cref="FormatException">A header that does not decode.</exception>
    public static AuthConfigDto? BuildAuth(ImageReference name, string? registryAuth, string? registryConfig)
    {
        if (DecodeAuthHeader(registryAuth) is { } auth) return auth;
        if (string.IsNullOrWhiteSpace(registryConfig)) return null;
        var text = registryConfig.Trim().Replace('-', '+').Replace('_', '/');
        text = text.PadRight(text.Length + (4 - text.Length % 4) % 4, '=');
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(Convert.FromBase64String(text));
            var host = RegistryHost(name.Domain);
            foreach (var entry in document.RootElement.EnumerateObject())
            {
                if (RegistryHost(entry.Name) != host) continue;
                return System.Text.Json.JsonSerializer.Deserialize(entry.Value, BockApiJsonContext.Default.AuthConfigDto);
            }
            return null;
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException or InvalidOperationException)
        {
            throw new FormatException($"invalid X-Registry-Config header: {e.Message}");
        }
    }
}
