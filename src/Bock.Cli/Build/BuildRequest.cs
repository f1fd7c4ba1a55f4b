using System.Text;
using System.Text.Json;

namespace Bock.Cli.Build;

/// <summary>
/// The query and headers of <c>POST /build</c> for a set of <see cref="BuildOptions"/>: Docker's parameters
/// (<c>t</c>, <c>dockerfile</c>, <c>buildargs</c>, <c>labels</c>, <c>target</c>, <c>nocache</c>, <c>pull</c>,
/// <c>platform</c>, <c>cachefrom</c>, <c>q</c>) and bock's (<c>sourcedateepoch</c>, <c>normalizeowners</c>, <c>outputs</c>, <c>push</c>;
/// secrets in <c>X-Bock-Build-Secrets</c>).
/// </summary>
internal static class BuildRequest
{
    public const string SecretsHeader = "X-Bock-Build-Secrets";
    public const string RegistryConfigHeader = "X-Registry-Config";

    public static string Path(BuildOptions options, string? spec)
    {
        var query = new List<string>();
        void Add(string name, string value) => query.Add($"{name}={Uri.EscapeDataString(value)}");
        foreach (var tag in options.Tags) Add("t", tag);
        if (spec is not null) Add("dockerfile", spec);
        if (options.BuildArgs.Count > 0) Add("buildargs", JsonObject(options.BuildArgs));
        if (options.Labels.Count > 0) Add("labels", JsonObject(options.Labels));
        if (options.Target is not null) Add("target", options.Target);
        if (options.NoCache) Add("nocache", "1");
        if (options.Pull) Add("pull", "1");
        if (options.Platform is not null) Add("platform", options.Platform);
        if (options.CacheFrom.Count > 0) Add("cachefrom", Json(w =>
        {
            w.WriteStartArray();
            foreach (var image in options.CacheFrom) w.WriteStringValue(image);
            w.WriteEndArray();
        }));
        if (options.Quiet) Add("q", "1");
        if (options.SourceDateEpoch is { } epoch) Add("sourcedateepoch", epoch.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (options.NormalizeOwners) Add("normalizeowners", "1");
        if (options.Outputs.Count > 0) Add("outputs", Outputs(options.Outputs));
        if (options.Push) Add("push", "1");
        return "build" + (query.Count > 0 ? "?" + string.Join('&', query) : "");
    }

    /// <summary><c>[{"Type":"oci","Attrs":{"dest":"/abs/path"}}]</c>.</summary>
    public static string Outputs(IEnumerable<BuildOutput> outputs) => Json(w =>
    {
        w.WriteStartArray();
        foreach (var output in outputs)
        {
            w.WriteStartObject();
            w.WriteString("Type", output.Type);
            w.WriteStartObject("Attrs");
            foreach (var (key, value) in output.Attributes) w.WriteString(key, value);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndArray();
    });

    /// <summary>Base64 of <c>{"ID":"base64 of the content"}</c>, or null without secrets.</summary>
    public static string? Secrets(IReadOnlyList<BuildSecret> secrets)
    {
        if (secrets.Count == 0) return null;
        var json = Json(w =>
        {
            w.WriteStartObject();
            foreach (var secret in secrets) w.WriteString(secret.Id, Convert.ToBase64String(secret.Read()));
            w.WriteEndObject();
        });
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(json));
    }

    /// <summary>
    /// Docker's <c>X-Registry-Config</c>: every registry of the credential store, <c>{"host":{"username",…}}</c>, as
    /// URL-safe base64, so that FROM and --cache-from can pull private images. Null without stored credentials.
    /// </summary>
    public static string? RegistryConfig()
    {
        if (!File.Exists(Commands.RegistryAuth.ConfigPath)) return null;
        using var config = JsonDocument.Parse(File.ReadAllText(Commands.RegistryAuth.ConfigPath));
        if (!config.RootElement.TryGetProperty("auths", out var auths) || auths.ValueKind != JsonValueKind.Object) return null;
        var registries = auths.EnumerateObject().Select(e => e.Name).ToList();
        var json = Json(w =>
        {
            w.WriteStartObject();
            foreach (var registry in registries)
            {
                if (Commands.RegistryAuth.Read(registry) is not var (user, password)) continue;
                w.WriteStartObject(registry);
                w.WriteString("username", user);
                w.WriteString("password", password);
                w.WriteString("serveraddress", registry);
                w.WriteEndObject();
            }
            w.WriteEndObject();
        });
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).Replace('+', '-').Replace('/', '_');
    }

    private static string JsonObject(IReadOnlyDictionary<string, string> values) => Json(w =>
    {
        w.WriteStartObject();
        foreach (var (key, value) in values) w.WriteString(key, value);
        w.WriteEndObject();
    });

    private static string Json(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer)) write(writer);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
