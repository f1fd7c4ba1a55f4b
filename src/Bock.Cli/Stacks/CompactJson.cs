using System.Text.Encodings.Web;
using System.Text.Json;

namespace Bock.Cli.Stacks;

/// <summary>One JSON object per line as docker compose prints them (Go's encoder: quotes and non-ASCII left as they are).</summary>
internal static class CompactJson
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Of(JsonElement element)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Options)) element.WriteTo(writer);
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
