using System.Text.Json;

namespace Bock.Kernel.Spec;

/// <summary>Reads config.json and process.json, turning every syntax or type error into one line with its JSON path.</summary>
public static class SpecLoader
{
    public static RuntimeSpec LoadBundle(string bundleDirectory)
    {
        var path = Path.Combine(bundleDirectory, "config.json");
        if (!File.Exists(path))
            throw new SpecException($"{path}: no such file: the bundle has no config.json");
        var spec = Parse(File.ReadAllBytes(path), path);
        SpecValidator.Validate(spec, path);
        return spec;
    }

    public static RuntimeSpec Parse(ReadOnlySpan<byte> json, string fileName) =>
        Deserialize(json, fileName, SpecJsonContext.Default.RuntimeSpec);

    public static ProcessSpec ParseProcess(ReadOnlySpan<byte> json, string fileName)
    {
        var process = Deserialize(json, fileName, SpecJsonContext.Default.ProcessSpec);
        SpecValidator.ValidateProcess(process, fileName, "$");
        return process;
    }

    private static T Deserialize<T>(ReadOnlySpan<byte> json, string fileName, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo)
    {
        try
        {
            return JsonSerializer.Deserialize(json, typeInfo)
                ?? throw new SpecException($"{fileName}: $: the document is null");
        }
        catch (JsonException e)
        {
            var path = string.IsNullOrEmpty(e.Path) ? "$" : e.Path;
            var where = e.LineNumber is { } line ? $" (line {line + 1}, column {(e.BytePositionInLine ?? 0) + 1})" : "";
            throw new SpecException($"{fileName}: {path}: {Describe(e)}{where}");
        }
    }

    // System.Text.Json's messages repeat the path and position; keep only the cause.
    private static string Describe(JsonException e)
    {
        var message = e.InnerException?.Message ?? e.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }

    public static string Serialize(RuntimeSpec spec) => JsonSerializer.Serialize(spec, SpecJsonContext.Default.RuntimeSpec);

    public static string Serialize(ContainerState state) => JsonSerializer.Serialize(state, SpecJsonContext.Default.ContainerState);
}
