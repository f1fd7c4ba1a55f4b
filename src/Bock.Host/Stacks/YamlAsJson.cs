using System.Globalization;
using System.Text;
using System.Text.Json;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Bock.Host.Stacks;

/// <summary>
/// <c>config --format json</c>: the canonical YAML as JSON. A plain scalar that reads as a number, a boolean or null
/// is one in JSON; a quoted one stays a string, as the renderer quoted it to keep it a string.
/// </summary>
public static class YamlAsJson
{
    public static string Convert(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            if (stream.Documents.Count == 0) writer.WriteStartObject();
            else Write(writer, stream.Documents[0].RootNode);
            if (stream.Documents.Count == 0) writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static void Write(Utf8JsonWriter writer, YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                writer.WriteStartObject();
                foreach (var (key, value) in mapping.Children)
                {
                    writer.WritePropertyName(((YamlScalarNode)key).Value ?? "");
                    Write(writer, value);
                }
                writer.WriteEndObject();
                break;
            case YamlSequenceNode sequence:
                writer.WriteStartArray();
                foreach (var item in sequence.Children) Write(writer, item);
                writer.WriteEndArray();
                break;
            case YamlScalarNode { Style: ScalarStyle.Plain, Value: var text }:
                if (text is null or "null" or "~") writer.WriteNullValue();
                else if (text is "true" or "false") writer.WriteBooleanValue(text == "true");
                else if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer)) writer.WriteNumberValue(integer);
                else if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) && !text.Contains('_')) writer.WriteNumberValue(real);
                else writer.WriteStringValue(text);
                break;
            case YamlScalarNode scalar:
                writer.WriteStringValue(scalar.Value);
                break;
        }
    }
}
