using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Bock.Testing;

/// <summary>
/// Debian's docker-registry (apt package docker-registry) (distribution v2) on 127.0.0.1, a free port and its own storage, with a config of our
/// own (the packaged one listens everywhere); optionally behind htpasswd basic auth. Killed on dispose.
/// </summary>
public sealed class LocalRegistry : IDisposable
{
    public const string User = "bock";
    public const string Password = "s3cret-pass";
    private readonly string _dir = Directory.CreateTempSubdirectory("bock-registry-").FullName;
    private readonly Process _process;

    public LocalRegistry(bool withAuth)
    {
        int port = FreePort();
        Host = $"127.0.0.1:{port}";
        string auth = "";
        if (withAuth)
        {
            var result = Shell.RunAsync("htpasswd", ["-Bbn", User, Password]).GetAwaiter().GetResult();
            if (result.ExitCode != 0)
                throw new InvalidOperationException($"htpasswd failed: {result.Stderr}");
            File.WriteAllText(Path.Combine(_dir, "htpasswd"), result.Stdout);
            auth = $"auth:\n  htpasswd:\n    realm: bock-test\n    path: {Path.Combine(_dir, "htpasswd")}\n";
        }
        File.WriteAllText(Path.Combine(_dir, "config.yml"),
            $"version: 0.1\nlog:\n  level: error\n  accesslog:\n    disabled: true\nstorage:\n  filesystem:\n    rootdirectory: {Path.Combine(_dir, "data")}\n  delete:\n    enabled: true\nhttp:\n  addr: {Host}\n{auth}");
        var psi = new ProcessStartInfo("docker-registry") { RedirectStandardError = true, RedirectStandardOutput = true };
        psi.ArgumentList.Add("serve");
        psi.ArgumentList.Add(Path.Combine(_dir, "config.yml"));
        _process = Process.Start(psi)!;
        _process.ErrorDataReceived += (_, _) => { };
        _process.OutputDataReceived += (_, _) => { };
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
        using var http = new HttpClient();
        DateTime deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            try
            {
                HttpResponseMessage r = http.GetAsync($"http://{Host}/v2/").GetAwaiter().GetResult();
                if (r.StatusCode is HttpStatusCode.OK or HttpStatusCode.Unauthorized)
                    break;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline && !_process.HasExited)
            {
            }
            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                Dispose();
                throw new InvalidOperationException("docker-registry did not start");
            }
            Thread.Sleep(50);
        }
    }

    public string Host { get; }

    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        finally
        {
            _process.Dispose();
            try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
        }
    }
}
