using System.Globalization;
using System.Text;
using System.Text.Json;
using Bock.Host.Images;
using Bock.Images.Reference;

namespace Bock.Host.Builds;

/// <summary>Reads <c>POST /build</c>'s query (Docker's names plus bock's) and the secrets header.</summary>
internal static class BuildOptionsParser
{
    public const string SecretsHeader = "X-Bock-Build-Secrets";
    private static readonly string[] OutputTypes = ["image", "oci", "docker", "local"];

    /// <exception cref="FormatException">A value that cannot be used; the message says which.</exception>
    public static BuildOptions Parse(IQueryCollection query, IHeaderDictionary headers)
    {
        string? One(string name) => query[name] is { Count: > 0 } v && !string.IsNullOrEmpty(v[^1]) ? v[^1] : null;
        bool Flag(string name) => One(name) is { } v && (v == "1" || v.Equals("true", StringComparison.OrdinalIgnoreCase));

        if (One("platform") is { } platform && platform.Split(',').Any(p => p.Trim() is not ("linux/amd64" or "linux/x86_64" or "linux")))
            throw new FormatException($"platform {platform} is not supported: this builder builds linux/amd64 only");
        var tags = new List<ImageReference>();
        foreach (var tag in query["t"].Where(t => !string.IsNullOrEmpty(t)))
        {
            try
            {
                var reference = ImageNames.Parse(tag!, null);
                if (reference.Digest is not null) throw new FormatException($"invalid tag {tag}: a tag cannot hold a digest");
                tags.Add(reference);
            }
            catch (InvalidReferenceException e)
            {
                throw new FormatException($"invalid tag {tag}: {e.Message}");
            }
        }
        var buildArgs = JsonMap(One("buildargs"), "buildargs");
        long? epoch = null;
        var epochText = One("sourcedateepoch") ?? buildArgs.GetValueOrDefault("SOURCE_DATE_EPOCH");
        if (!string.IsNullOrEmpty(epochText))
        {
            if (!long.TryParse(epochText, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
                throw new FormatException($"invalid SOURCE_DATE_EPOCH {epochText}: a number of seconds since 1970 is expected");
            epoch = parsed;
        }
        var outputs = One("outputs") is { } outputsJson ? Outputs(outputsJson) : [];
        if (Flag("push") && tags.Count == 0) throw new FormatException("push needs at least one tag (t) to push to");
        return new BuildOptions
        {
            Tags = tags,
            Dockerfile = One("dockerfile"),
            BuildArgs = buildArgs,
            Labels = JsonMap(One("labels"), "labels"),
            Target = One("target"),
            NoCache = Flag("nocache"),
            Pull = Flag("pull"),
            CacheFrom = CacheFrom(One("cachefrom")),
            Quiet = Flag("q"),
            SourceDateEpoch = epoch,
            NormalizeOwners = Flag("normalizeowners"),
            Outputs = outputs,
            Push = Flag("push"),
            RegistryAuth = headers["X-Registry-Auth"].ToString(),
            RegistryConfig = headers["X-Registry-Config"].ToString(),
            Secrets = Secrets(headers[SecretsHeader].ToString()),
        };
    }

    /// <summary><c>cachefrom</c>: a JSON array of image references (a lone reference is taken too, as Docker does).</summary>
    private static IReadOnlyList<string> CacheFrom(string? value)
    {
        if (value is null) return [];
        if (!value.TrimStart().StartsWith('[')) return [value];
        try
        {
            using var document = JsonDocument.Parse(value);
            return [.. document.RootElement.EnumerateArray().Select(e => e.GetString() ?? throw new FormatException("cachefrom: a string is expected")).Where(r => r.Length > 0)];
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new FormatException($"invalid cachefrom {value}: a JSON array of image references is expected");
        }
    }

    private static IReadOnlyList<BuildOutputDto> Outputs(string json)
    {
        IReadOnlyList<BuildOutputDto>? outputs;
        try
        {
            outputs = JsonSerializer.Deserialize(json, BockApiJsonContext.Default.IReadOnlyListBuildOutputDto);
        }
        catch (JsonException e)
        {
            throw new FormatException($"invalid outputs: {e.Message}");
        }
        foreach (var output in outputs ?? [])
        {
            var type = output.Type ?? "image";
            if (!OutputTypes.Contains(type)) throw new FormatException($"unsupported output type {type}: one of {string.Join(", ", OutputTypes)}");
            if (type != "image" && (output.Attrs?.GetValueOrDefault("dest") is not { } dest || !Path.IsPathFullyQualified(dest)))
                throw new FormatException($"output type {type} needs an absolute dest path");
        }
        return outputs ?? [];
    }

    /// <summary>A JSON object of strings; Docker's CLI sends null for an arg it found no value for: left out.</summary>
    private static Dictionary<string, string> JsonMap(string? json, string what)
    {
        if (string.IsNullOrEmpty(json)) return [];
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object) throw new FormatException($"invalid {what}: a JSON object is expected");
            return document.RootElement.EnumerateObject()
                .Where(p => p.Value.ValueKind != JsonValueKind.Null)
                .ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText(), StringComparer.Ordinal);
        }
        catch (JsonException e)
        {
            throw new FormatException($"invalid {what}: {e.Message}");
        }
    }

    /// <summary>base64 of a JSON object: secret id → base64 content.</summary>
    private static Dictionary<string, byte[]> Secrets(string header)
    {
        if (string.IsNullOrWhiteSpace(header)) return [];
        try
        {
            var map = JsonMap(Encoding.UTF8.GetString(Convert.FromBase64String(header.Trim())), SecretsHeader);
            return map.ToDictionary(e => e.Key, e => Convert.FromBase64String(e.Value), StringComparer.Ordinal);
        }
        catch (FormatException e)
        {
            throw new FormatException($"invalid {SecretsHeader} header: {e.Message}");
        }
    }
}
