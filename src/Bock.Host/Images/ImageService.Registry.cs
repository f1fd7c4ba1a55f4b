using System.Text;
using System.Text.Json;
using Bock.Images.Content;
using Bock.Images.Oci;
using Bock.Images.Reference;
using Bock.Images.Registry;
using Bock.Images.Store;

namespace Bock.Host.Images;

public sealed partial class ImageService
{
    /// <summary>
    /// docker pull: the pull lines of <see cref="PullProgress"/>, then the layers are unpacked (Docker's Extracting
    /// and Pull complete), then the digest and the status line. A failure is the stream's last line.
    /// </summary>
    public async Task PullAsync(ImageReference reference, Platform? platform, AuthConfigDto? auth, ProgressStream stream, CancellationToken ct)
    {
        using var client = RegistryFor(auth, reference.Domain);
        stream.Status($"Pulling from {reference.Path}", reference.Tag ?? reference.Digest);
        var previous = Store.Tags.Get(reference);
        var image = await KeepingOrphansAsync(() => client.Client.PullAsync(Store, reference,
            new PullOptions { Platform = platform, Progress = new PullProgress(stream) }, ct));
        var chains = image.ChainIds;
        var fresh = Enumerable.Range(0, chains.Count).Where(i => !Store.Snapshots.Exists(chains[i])).ToList();
        foreach (var i in fresh) stream.Status("Extracting", Digest.Hex(image.Manifest.Layers[i].Digest)[..12]);
        await Store.UnpackAsync(image, cancellationToken: ct);
        foreach (var i in fresh) stream.Status("Pull complete", Digest.Hex(image.Manifest.Layers[i].Digest)[..12]);
        stream.Status($"Digest: {image.RepoDigest ?? image.ManifestDigest}");
        stream.Status(previous?.Digest == image.ManifestDigest
            ? $"Status: Image is up to date for {reference.FamiliarName}"
            : $"Status: Downloaded newer image for {reference.FamiliarName}");
    }

    /// <summary>docker push of <paramref name="targets"/> (names of stored images), with Docker's lines and aux result.</summary>
    public async Task PushAsync(IReadOnlyList<(ImageReference Name, StoredImage Image)> targets, AuthConfigDto? auth, ProgressStream stream, CancellationToken ct)
    {
        if (targets.Count == 0) return;
        var repository = targets[0].Name;
        using var client = RegistryFor(auth, repository.Domain);
        stream.Status($"The push refers to repository [{repository.Repository}]");
        foreach (var (name, stored) in targets)
        {
            foreach (var layer in stored.Image.Manifest.Layers.Reverse())
                stream.Status("Preparing", Digest.Hex(layer.Digest)[..12]);
            var digest = await client.Client.PushAsync(Store, stored.Image, name, progress: new PushProgress(stream, stored.Image.ConfigDigest, null), cancellationToken: ct);
            var size = Store.Blobs.SizeOf(digest) ?? 0;
            var tag = name.Tag ?? name.Digest ?? "latest";
            stream.Status($"{tag}: digest: {digest} size: {size}");
            stream.Post(new ProgressMessage { ProgressDetail = new ProgressDetailDto(), Aux = new PushResultDto { Tag = tag, Digest = digest, Size = size } });
        }
    }

    /// <summary>POST /auth: the credentials are checked against the registry's <c>/v2/</c>; bockd does not keep them.</summary>
    /// <exception cref="RegistryException">The registry refused them or cannot be reached.</exception>
    public async Task LoginAsync(AuthConfigDto auth, CancellationToken ct)
    {
        var host = RegistryHost(auth.ServerAddress);
        using var client = RegistryFor(auth, host == "registry-1.docker.io" ? ImageReference.DefaultDomain : host);
        await client.Client.PingAsync(host, ct);
    }

    /// <summary>The X-Registry-Auth header: base64url JSON, possibly unpadded; empty or <c>{}</c> means none.</summary>
    public static AuthConfigDto? DecodeAuthHeader(string? header)
    {
        if (string.IsNullOrWhiteSpace(header)) return null;
        var text = header.Trim().Replace('-', '+').Replace('_', '/');
        text = text.PadRight(text.Length + (4 - text.Length % 4) % 4, '=');
        try
        {
            var auth = JsonSerializer.Deserialize(Convert.FromBase64String(text), BockApiJsonContext.Default.AuthConfigDto);
            return auth is { Username.Length: > 0 } or { Auth.Length: > 0 } ? auth : null;
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            throw new FormatException($"invalid X-Registry-Auth header: {e.Message}");
        }
    }

    /// <summary>Docker's server addresses: <c>https://index.docker.io/v1/</c>, <c>localhost:5000</c>, <c>https://r.example</c>.</summary>
    public static string RegistryHost(string? serverAddress)
    {
        var address = (serverAddress ?? "").Trim();
        if (address.Contains("://", StringComparison.Ordinal)) address = address[(address.IndexOf("://", StringComparison.Ordinal) + 3)..];
        address = address.Split('/')[0];
        return address is "" or "docker.io" or "index.docker.io" or "registry-1.docker.io" ? "registry-1.docker.io" : address;
    }

    private async Task<T> KeepingOrphansAsync<T>(Func<Task<T>> change)
    {
        var before = Store.Tags.List().Values.Select(r => r.Digest).ToHashSet(StringComparer.Ordinal);
        var result = await change();
        var after = Store.Tags.List().Values.Select(r => r.Digest).ToHashSet(StringComparer.Ordinal);
        foreach (var orphan in before.Except(after))
        {
            if (Load(orphan) is { } image)
                KeepUntagged(image);
        }
        return result;
    }

    /// <summary>
    /// The daemon's client, or, for a request that carries credentials, a client of its own whose credential store is
    /// a private file holding just those (removed on dispose): credentials are never mixed between requests.
    /// </summary>
    private RegistryLease RegistryFor(AuthConfigDto? auth, string domain)
    {
        if (auth is null) return new RegistryLease(Registry, null, null);
        var (user, password) = (auth.Username ?? "", auth.Password ?? "");
        if (auth.Auth is { Length: > 0 } basic && Encoding.UTF8.GetString(Convert.FromBase64String(basic)) is var decoded && decoded.IndexOf(':') is var colon and > 0)
            (user, password) = (decoded[..colon], decoded[(colon + 1)..]);
        if (user.Length == 0) return new RegistryLease(Registry, null, null);
        var directory = Path.Combine(_authDirectory, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var credentials = new CredentialStore(Path.Combine(directory, "config.json"));
        credentials.Save(domain, new RegistryCredentials(user, password));
        var client = new RegistryClient(_registryOptions with { Credentials = credentials });
        return new RegistryLease(client, client, directory);
    }

    private sealed class RegistryLease(RegistryClient client, RegistryClient? owned, string? directory) : IDisposable
    {
        public RegistryClient Client => client;

        public void Dispose()
        {
            owned?.Dispose();
            if (directory is not null && Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
    }
}
