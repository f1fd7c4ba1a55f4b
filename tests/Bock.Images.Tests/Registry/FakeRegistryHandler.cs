using System.Net;
using System.Text;

namespace Bock.Images.Tests.Registry;

/// <summary>A tiny in-process registry for logic tests: routes by path, records requests.</summary>
public sealed class FakeRegistryHandler(Func<HttpRequestMessage, HttpResponseMessage> route) : HttpMessageHandler
{
    public List<HttpRequestMessage> Requests { get; } = [];

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        lock (Requests)
            Requests.Add(request);
        return Task.FromResult(route(request));
    }

    public static HttpResponseMessage Bytes(byte[] body, string? mediaType = null)
    {
        var r = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(body) };
        if (mediaType is not null)
            r.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(mediaType);
        return r;
    }

    public static HttpResponseMessage Json(string json) => Bytes(Encoding.UTF8.GetBytes(json), "application/json");

    public static HttpResponseMessage Status(HttpStatusCode code, string? body = null) =>
        new(code) { Content = new StringContent(body ?? "") };
}
