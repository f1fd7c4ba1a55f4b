using System.Text;
using System.Text.Json;

namespace Bock.Cli.Commands;

/// <summary>
/// Credentials as Docker keeps them: <c>~/.docker/config.json</c> (or <c>$DOCKER_CONFIG</c>), <c>auths</c> keyed by
/// registry host, each with a base64 <c>user:password</c> in <c>auth</c>. The header sent with a push is Docker's
/// <c>X-Registry-Auth</c>: base64url JSON of username, password and serveraddress.
/// </summary>
internal static class RegistryAuth
{
    public static string ConfigPath =>
        Path.Combine(Environment.GetEnvironmentVariable("DOCKER_CONFIG") is { Length: > 0 } dir ? dir
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".docker"), "config.json");

    /// <summary>The registry host of an image name: docker.io unless the first component looks like a host.</summary>
    public static string RegistryOf(string name)
    {
        var slash = name.IndexOf('/');
        if (slash < 0) return "docker.io";
        var first = name[..slash];
        return first.Contains('.') || first.Contains(':') || first == "localhost" ? first : "docker.io";
    }

    public static string HeaderFor(string imageName)
    {
        var registry = RegistryOf(imageName);
        var (user, password) = Read(registry) ?? ("", "");
        return Encode(user, password, registry);
    }

    public static string Encode(string user, string password, string registry)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("username", user);
            json.WriteString("password", password);
            json.WriteString("serveraddress", registry);
            json.WriteEndObject();
        }
        return Convert.ToBase64String(buffer.ToArray()).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    public static (string User, string Password)? Read(string registry)
    {
        if (!File.Exists(ConfigPath)) return null;
        using var config = JsonDocument.Parse(File.ReadAllText(ConfigPath));
        if (!config.RootElement.TryGetProperty("auths", out var auths)) return null;
        foreach (var entry in auths.EnumerateObject())
        {
            if (Host(entry.Name) != Host(registry) || !entry.Value.TryGetProperty("auth", out var auth)) continue;
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(auth.GetString() ?? ""));
            var colon = decoded.IndexOf(':');
            if (colon > 0) return (decoded[..colon], decoded[(colon + 1)..]);
        }
        return null;
    }

    /// <summary>Stores (or, with null, removes) the credentials of <paramref name="registry"/>, keeping every other key.</summary>
    public static void Write(string registry, (string User, string Password)? credentials)
    {
        var root = File.Exists(ConfigPath)
            ? System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(ConfigPath))!.AsObject()
            : new System.Text.Json.Nodes.JsonObject();
        if (root["auths"] is not System.Text.Json.Nodes.JsonObject auths) root["auths"] = auths = new System.Text.Json.Nodes.JsonObject();
        foreach (var key in auths.Select(p => p.Key).Where(k => Host(k) == Host(registry)).ToList()) auths.Remove(key);
        if (credentials is var (user, password))
            auths[registry] = new System.Text.Json.Nodes.JsonObject { ["auth"] = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")) };
        Directory.CreateDirectory(Path.GetDirectoryName(ConfigPath)!);
        var temp = ConfigPath + ".tmp";
        File.WriteAllText(temp, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true, TypeInfoResolver = Output.CliJsonContext.Default }));
        File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Move(temp, ConfigPath, overwrite: true);
    }

    /// <summary>Docker Hub is stored as https://index.docker.io/v1/; compare hosts, not spellings.</summary>
    private static string Host(string address)
    {
        var host = address.Replace("https://", "").Replace("http://", "").Split('/')[0];
        return host is "index.docker.io" or "registry-1.docker.io" or "docker.io" ? "docker.io" : host;
    }
}
