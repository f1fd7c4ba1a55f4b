namespace Bock.Images.Registry;

/// <summary>How the registry client talks to registries.</summary>
public sealed record RegistryOptions
{
    /// <summary>Longest wait to connect and for response headers: offline, a pull fails after this and never hangs.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Registries (host[:port]) spoken to over plain HTTP; localhost and 127.0.0.0/8 always are.</summary>
    public IReadOnlyCollection<string> InsecureRegistries { get; init; } = [];

    public int MaxConcurrentDownloads { get; init; } = 4;

    /// <summary>
    /// Tries of an idempotent request (GET, HEAD; a blob download restarts) that fails transiently: connection reset,
    /// 5xx, 408, 429. Other 4xx, DNS failures, refused connections and timeouts are never retried.
    /// </summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>Wait before the first retry; it doubles for each later one (with jitter).</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Longest wait between tries, also for a registry's Retry-After.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Blobs larger than this are pushed in chunks (PATCH … PUT); smaller ones in one PUT.</summary>
    public long ChunkSize { get; init; } = 8 << 20;

    public bool ForceChunkedUpload { get; init; }

    public CredentialStore? Credentials { get; init; }

    /// <summary>Replaces the HTTP stack (in-process fakes in logic tests); null means a real SocketsHttpHandler.</summary>
    public HttpMessageHandler? Handler { get; init; }

    public string UserAgent { get; init; } = "bock/0.1";
}
