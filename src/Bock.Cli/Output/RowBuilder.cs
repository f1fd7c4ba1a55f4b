using System.Text.Json;

namespace Bock.Cli.Output;

/// <summary>Builds the flat JSON object a <c>--format</c> template sees for one row of a listing.</summary>
internal sealed class RowBuilder
{
    private readonly MemoryStream _buffer = new();
    private readonly Utf8JsonWriter _writer;

    public RowBuilder()
    {
        _writer = new Utf8JsonWriter(_buffer);
        _writer.WriteStartObject();
    }

    public RowBuilder Add(string name, string value)
    {
        _writer.WriteString(name, value);
        return this;
    }

    public RowBuilder Add(string name, JsonElement value)
    {
        _writer.WritePropertyName(name);
        value.WriteTo(_writer);
        return this;
    }

    public JsonElement Build()
    {
        _writer.WriteEndObject();
        _writer.Flush();
        using var document = JsonDocument.Parse(_buffer.ToArray());
        return document.RootElement.Clone();
    }
}
