using System.Net.Http.Headers;

namespace Bock.Cli.Daemon;

/// <summary>A JSON body already serialized (by a Utf8JsonWriter), sent as application/json.</summary>
internal sealed class JsonBytesContent : ByteArrayContent
{
    public JsonBytesContent(byte[] json) : base(json) => Headers.ContentType = new MediaTypeHeaderValue("application/json");
}
