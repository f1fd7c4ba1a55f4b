using System.Text;
using System.Text.Json;
using Bock.Images.Content;
using Bock.Images.Oci;

namespace Bock.Images.Registry;

/// <summary>
/// Registry credentials in Docker's <c>config.json</c> format (<c>auths.&lt;registry&gt;.auth</c> = base64 of
/// <c>user:password</c>), so a file written by <c>docker login</c> works here and ours works there.
/// The file is written 0600, atomically.
/// </summary>
public sealed class CredentialStore(string path)
{
    public const string DockerHubKey = "https://index.docker.io/v1/";

    public string Path { get; } = path;

    /// <summary><c>$DOCKER_CONFIG/config.json</c> or <c>~/.docker/config.json</c>.</summary>
    public static CredentialStore Default() => new(System.IO.Path.Combine(
        Environment.GetEnvironmentVariable("DOCKER_CONFIG") ?? System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".docker"),
        "config.json"));

    public RegistryCredentials? Get(string registry)
    {
        DockerConfigFile file = Load();
        foreach (string key in Keys(registry))
        {
            if (!file.Auths.TryGetValue(key, out DockerAuthEntry? entry))
                continue;
            if (entry.Auth is { Length: > 0 } auth)
            {
                string decoded = Encoding.UTF8.GetString(Convert.FromBase64String(auth));
                int colon = decoded.IndexOf(':');
                if (colon > 0)
                    return new RegistryCredentials(decoded[..colon], decoded[(colon + 1)..]);
            }
            if (entry.Username is not null && entry.Password is not null)
                return new RegistryCredentials(entry.Username, entry.Password);
        }
        return null;
    }

    public void Save(string registry, RegistryCredentials credentials) => Update(f =>
    {
        foreach (string key in Keys(registry))
            f.Auths.Remove(key);
        f.Auths[Keys(registry)[0]] = new DockerAuthEntry { Auth = credentials.BasicValue };
    });

    public bool Remove(string registry)
    {
        bool removed = false;
        Update(f =>
        {
            foreach (string key in Keys(registry))
                removed |= f.Auths.Remove(key);
        });
        return removed;
    }

    private static List<string> Keys(string registry)
    {
        if (registry is "docker.io" or "registry-1.docker.io" or "index.docker.io" or DockerHubKey)
            return [DockerHubKey, "docker.io", "index.docker.io", "registry-1.docker.io"];
        return [registry, "https://" + registry, "http://" + registry, "https://" + registry + "/v1/"];
    }

    private DockerConfigFile Load()
    {
        if (!File.Exists(Path))
            return new DockerConfigFile();
        return JsonSerializer.Deserialize(File.ReadAllBytes(Path), ImagesJsonContext.Default.DockerConfigFile) ?? new DockerConfigFile();
    }

    private void Update(Action<DockerConfigFile> change)
    {
        string dir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!;
        Directory.CreateDirectory(dir);
        using FileLock _ = FileLock.Exclusive(Path + ".lock");
        DockerConfigFile file = Load();
        change(file);
        string temp = Path + "." + Guid.NewGuid().ToString("N");
#pragma warning disable CA1416 // Bock runs on Linux only; the file must be created 0600, never briefly world-readable
        using (var f = new FileStream(temp, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite }))
            JsonSerializer.Serialize(f, file, ImagesJsonContext.Default.DockerConfigFile);
#pragma warning restore CA1416
        File.Move(temp, Path, overwrite: true);
    }
}
