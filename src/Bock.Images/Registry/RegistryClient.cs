using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;
using Bock.Images.Content;
using Bock.Images.Oci;
using Bock.Images.Reference;

namespace Bock.Images.Registry;

/// <summary>
/// A distribution API v2 client: manifests and blobs, with anonymous bearer tokens, basic auth and
/// Docker-style stored credentials. One instance per daemon; it caches tokens per registry and scope.
/// Pull and push live in <see cref="RegistryClient"/>'s partial files.
/// </summary>
public sealed partial class RegistryClient : IDisposable
{
    private const int MaxManifestBytes = 4 << 20;
    private readonly RegistryOptions _options;
    private readonly HttpClient _http;
    private readonly ConcurrentDictionary<string, AuthenticationHeaderValue> _authorization = new(StringComparer.Ordinal);

    public RegistryClient(RegistryOptions? options = null)
    {
        _options = options ?? new RegistryOptions();
        HttpMessageHandler handler = _options.Handler ?? new SocketsHttpHandler
        {
            ConnectTimeout = _options.Timeout,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            MaxConnectionsPerServer = 16,
        };
        _http = new HttpClient(handler, disposeHandler: _options.Handler is null) { Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd(_options.UserAgent);
    }

    public void Dispose() => _http.Dispose();

    /// <summary>http only for loopback and registries configured insecure; https (with certificate checks) otherwise.</summary>
    public Uri BaseUri(string registryHost) => new($"{(IsInsecure(registryHost) ? "http" : "https")}://{registryHost}/");

    public bool IsInsecure(string registryHost)
    {
        if (_options.InsecureRegistries.Contains(registryHost, StringComparer.OrdinalIgnoreCase))
            return true;
        string host = registryHost;
        if (host.StartsWith('['))
            host = host[1..host.IndexOf(']')];
        else if (host.Count(c => c == ':') == 1)
            host = host[..host.IndexOf(':')];
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
            return true;
        return IPAddress.TryParse(host, out IPAddress? ip) && IPAddress.IsLoopback(ip);
    }

    /// <summary>Fetches a manifest or index by tag or digest; by digest, the content must hash to it.</summary>
    public async Task<ManifestDocument> GetManifestAsync(ImageReference reference, string? manifestReference = null, CancellationToken cancellationToken = default)
    {
        string what = manifestReference ?? reference.ManifestReference;
        string host = reference.RegistryHost;
        using HttpResponseMessage response = await SendAsync(host, reference.Path, "pull", () =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, new Uri(BaseUri(host), $"v2/{reference.Path}/manifests/{what}"));
            foreach (string type in MediaTypes.ManifestAccept)
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
            return request;
        }, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, host, reference.Path, $"manifest {what}", cancellationToken).ConfigureAwait(false);
        if (response.Content.Headers.ContentLength > MaxManifestBytes)
            throw new RegistryException(host, reference.Path, RegistryErrorKind.BadResponse, $"manifest {what} is larger than {MaxManifestBytes} bytes");
        byte[] bytes = await ReadBodyAsync(response, host, reference.Path, cancellationToken).ConfigureAwait(false);
        ManifestDocument doc;
        try
        {
            doc = ManifestDocument.Parse(bytes, response.Content.Headers.ContentType?.MediaType, $"registry {host}, repository {reference.Path}, manifest {what}");
        }
        catch (ImageFormatException e)
        {
            throw new RegistryException(host, reference.Path, RegistryErrorKind.Unsupported, e.Message, e);
        }
        if (Digest.IsValid(what) && doc.Digest != what)
            throw new RegistryException(host, reference.Path, RegistryErrorKind.DigestMismatch, $"manifest digest mismatch: asked for {what}, got {doc.Digest}");
        return doc;
    }

    public async Task<bool> BlobExistsAsync(string host, string repository, string digest, CancellationToken cancellationToken = default)
    {
        using HttpResponseMessage response = await SendAsync(host, repository, "pull", () =>
            new HttpRequestMessage(HttpMethod.Head, new Uri(BaseUri(host), $"v2/{repository}/blobs/{digest}")), cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
            return false;
        await EnsureSuccessAsync(response, host, repository, $"blob {digest}", cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Checks that the registry answers (and the credentials work): <c>GET /v2/</c>.</summary>
    public async Task PingAsync(string host, CancellationToken cancellationToken = default)
    {
        using HttpResponseMessage response = await SendAsync(host, null, null, () =>
            new HttpRequestMessage(HttpMethod.Get, new Uri(BaseUri(host), "v2/")), cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, host, null, "/v2/", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends a request built by <paramref name="build"/> (it may be built twice), answering one 401 challenge:
    /// Bearer → token from the realm (with stored credentials when there are any), Basic → stored credentials.
    /// </summary>
    internal async Task<HttpResponseMessage> SendAsync(string host, string? repository, string? actions, Func<HttpRequestMessage> build,
        CancellationToken cancellationToken, HttpCompletionOption completion = HttpCompletionOption.ResponseHeadersRead, string? extraScope = null)
    {
        string scope = repository is null ? "" : $"repository:{repository}:{actions}";
        string cacheKey = host + " " + scope + " " + extraScope;
        for (int attempt = 0; ; attempt++)
        {
            HttpResponseMessage response = await SendRetryingAsync(() =>
            {
                HttpRequestMessage request = build();
                if (_authorization.TryGetValue(cacheKey, out AuthenticationHeaderValue? auth))
                    request.Headers.Authorization = auth;
                return request;
            }, host, repository, completion, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.Unauthorized || attempt > 0)
                return response;
            AuthChallenge? challenge = AuthChallenge.Parse(response.Headers.WwwAuthenticate.ToString());
            response.Dispose();
            if (challenge is null)
                throw new RegistryException(host, repository, RegistryErrorKind.Unauthorized, "401 unauthorized without a WWW-Authenticate challenge");
            RegistryCredentials? credentials = _options.Credentials?.Get(host == "registry-1.docker.io" ? "docker.io" : host);
            if (challenge.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
            {
                if (credentials is null)
                    throw new RegistryException(host, repository, RegistryErrorKind.Unauthorized, "401 unauthorized: the registry wants basic auth and no credentials are stored for it (log in first)");
                _authorization[cacheKey] = new AuthenticationHeaderValue("Basic", credentials.BasicValue);
            }
            else if (challenge.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
            {
                string token = await FetchTokenAsync(host, repository, challenge, scope, extraScope, credentials, cancellationToken).ConfigureAwait(false);
                _authorization[cacheKey] = new AuthenticationHeaderValue("Bearer", token);
            }
            else
            {
                throw new RegistryException(host, repository, RegistryErrorKind.Unauthorized, $"401 unauthorized: unsupported auth scheme '{challenge.Scheme}'");
            }
        }
    }

    private async Task<string> FetchTokenAsync(string host, string? repository, AuthChallenge challenge, string scope, string? extraScope,
        RegistryCredentials? credentials, CancellationToken cancellationToken)
    {
        if (challenge.Realm is not { } realm || !Uri.TryCreate(realm, UriKind.Absolute, out Uri? realmUri))
            throw new RegistryException(host, repository, RegistryErrorKind.Unauthorized, "bearer challenge without a valid realm");
        var query = new List<string>();
        if (challenge.Service is { } service)
            query.Add("service=" + Uri.EscapeDataString(service));
        foreach (string s in new[] { scope, extraScope ?? "" }.Where(s => s.Length > 0).DefaultIfEmpty(challenge.Scope ?? "").Where(s => s.Length > 0))
            query.Add("scope=" + Uri.EscapeDataString(s));
        var builder = new UriBuilder(realmUri) { Query = (realmUri.Query.TrimStart('?') is { Length: > 0 } q ? q + "&" : "") + string.Join('&', query) };
        using HttpResponseMessage response = await SendRetryingAsync(() =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, builder.Uri);
            if (credentials is not null)
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic", credentials.BasicValue);
            return request;
        }, builder.Uri.Authority, repository, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
            throw new RegistryException(host, repository, RegistryErrorKind.Unauthorized,
                $"token request to {builder.Uri.GetLeftPart(UriPartial.Path)} failed: {(int)response.StatusCode} {response.ReasonPhrase}" + (credentials is null ? "" : " (credentials rejected?)"));
        TokenResponse? token = JsonSerializer.Deserialize(await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false), ImagesJsonContext.Default.TokenResponse);
        return token?.Token ?? token?.AccessToken
            ?? throw new RegistryException(host, repository, RegistryErrorKind.Unauthorized, "token response has no token");
    }

    /// <summary>
    /// Sends a request built by <paramref name="build"/>, again (at most <see cref="RegistryOptions.MaxAttempts"/> tries
    /// in all) while an idempotent one fails transiently; the last answer or error is the caller's.
    /// </summary>
    private async Task<HttpResponseMessage> SendRetryingAsync(Func<HttpRequestMessage> build, string host, string? repository,
        HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        for (int attempt = 1; ; attempt++)
        {
            HttpRequestMessage request = build();
            bool retryable = IsIdempotent(request.Method) && attempt < _options.MaxAttempts;
            HttpResponseMessage response;
            try
            {
                response = await SendOnceAsync(request, host, repository, completion, cancellationToken).ConfigureAwait(false);
            }
            catch (RegistryException e) when (retryable && IsTransient(e.InnerException))
            {
                await Task.Delay(RetryDelay(attempt, null), cancellationToken).ConfigureAwait(false);
                continue;
            }
            if (!retryable || !IsTransient(response.StatusCode))
                return response;
            TimeSpan? retryAfter = response.Headers.RetryAfter is { } ra
                ? ra.Delta ?? (ra.Date is { } date ? date - DateTimeOffset.UtcNow : null)
                : null;
            response.Dispose();
            await Task.Delay(RetryDelay(attempt, retryAfter), cancellationToken).ConfigureAwait(false);
        }
    }

    private static bool IsIdempotent(HttpMethod method) => method == HttpMethod.Get || method == HttpMethod.Head;

    /// <summary>Answers worth asking again: the registry was busy, rate limited or briefly broken.</summary>
    internal static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    /// <summary>
    /// Transport failures worth trying again: a connection reset or cut short. DNS failures and refused connections
    /// are not (offline must fail fast), nor are timeouts (they already waited the whole timeout).
    /// </summary>
    internal static bool IsTransient(Exception? e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            if (x is System.Net.Sockets.SocketException { SocketErrorCode: SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown })
                return true;
            if (x is HttpRequestException { HttpRequestError: HttpRequestError.ResponseEnded }
                or HttpIOException { HttpRequestError: HttpRequestError.ResponseEnded })
                return true;
        }
        return false;
    }

    /// <summary>Exponential backoff with jitter, or the registry's Retry-After; never longer than the configured cap.</summary>
    internal TimeSpan RetryDelay(int attempt, TimeSpan? retryAfter)
    {
        TimeSpan delay = retryAfter is { } after && after > TimeSpan.Zero
            ? after
            : _options.RetryDelay * Math.Pow(2, attempt - 1) * (0.8 + 0.4 * Random.Shared.NextDouble());
        return delay > _options.MaxRetryDelay ? _options.MaxRetryDelay : delay;
    }

    /// <summary>One HTTP exchange, with transport failures turned into errors that name the registry and the cause.</summary>
    private async Task<HttpResponseMessage> SendOnceAsync(HttpRequestMessage request, string host, string? repository,
        HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        try
        {
            return await _http.SendAsync(request, completion, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RegistryException(host, repository, RegistryErrorKind.Timeout, $"cannot reach {host}: no answer within {_options.Timeout.TotalSeconds:0.#}s", e);
        }
        catch (HttpRequestException e)
        {
            throw Unreachable(host, repository, e);
        }
        finally
        {
            request.Dispose();
        }
    }

    internal static RegistryException Unreachable(string host, string? repository, Exception e)
    {
        SocketException? socket = e as SocketException ?? e.InnerException as SocketException ?? e.InnerException?.InnerException as SocketException;
        string why = socket?.SocketErrorCode switch
        {
            SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => "DNS lookup failed (offline or unknown host)",
            SocketError.ConnectionRefused => "connection refused",
            SocketError.NetworkUnreachable or SocketError.HostUnreachable => "network unreachable",
            SocketError.TimedOut => "connection timed out",
            _ => e.InnerException?.Message ?? e.Message,
        };
        if (e is HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError })
            why = "TLS handshake failed (certificate not trusted? plain-HTTP registries must be listed as insecure): " + (e.InnerException?.Message ?? e.Message);
        return new RegistryException(host, repository, RegistryErrorKind.Unreachable, $"cannot reach {host}: {why}", e);
    }

    internal async Task EnsureSuccessAsync(HttpResponseMessage response, string host, string? repository, string what, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
            return;
        string detail = "";
        try
        {
            byte[] body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            if (body.Length > 0 && body.Length < 65536)
            {
                RegistryErrorDocument? doc = JsonSerializer.Deserialize(body, ImagesJsonContext.Default.RegistryErrorDocument);
                detail = string.Join("; ", doc?.Errors?.Select(err => $"{err.Code}: {err.Message}") ?? []);
            }
        }
        catch (JsonException)
        {
        }
        int status = (int)response.StatusCode;
        (RegistryErrorKind kind, string reason) = response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => (RegistryErrorKind.Unauthorized, $"{what}: 401 unauthorized (wrong or missing credentials)"),
            HttpStatusCode.Forbidden => (RegistryErrorKind.Denied, $"{what}: 403 access denied"),
            HttpStatusCode.NotFound when what.StartsWith("manifest", StringComparison.Ordinal) => (RegistryErrorKind.ManifestUnknown, $"{what}: 404 manifest unknown"),
            HttpStatusCode.NotFound when what.StartsWith("blob", StringComparison.Ordinal) => (RegistryErrorKind.BlobUnknown, $"{what}: 404 blob unknown"),
            _ => (RegistryErrorKind.BadResponse, $"{what}: {status} {response.ReasonPhrase}"),
        };
        throw new RegistryException(host, repository, kind, reason + (detail.Length > 0 ? $" ({detail})" : ""));
    }

    private static async Task<byte[]> ReadBodyAsync(HttpResponseMessage response, string host, string repository, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw Unreachable(host, repository, e);
        }
    }
}
