using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Bock.Images.Tests.Support;

/// <summary>
/// Debian's docker-registry (distribution v2) on 127.0.0.1, a free port and its own storage, with a config of our
/// own (the packaged one listens everywhere); optionally behind htpasswd basic auth. Killed on dispose.
/// </summary>
public sealed class LocalRegistry : IDisposable
{
    public const string User = "bock";
    public const string Password = "s3cret-pass";
    private readonly TempDirectory _dir = new("bock-registry-");
    private readonly Process _process;

    public LocalRegistry(bool withAuth)
    {
        int port = FreePort();
        Host = $"127.0.0.1:{port}";
        string auth = "";
        if (withAuth)
        {
            string htpasswd = Run.Command("htpasswd", "-Bbn", User, Password);
            File.WriteAllText(_dir.Combine("htpasswd"), htpasswd);
            auth = $"auth:\n  htpasswd:\n    realm: bock-test\n    path: {_dir.Combine("htpasswd")}\n";
        }
        File.WriteAllText(_dir.Combine("config.yml"),
            $"version: 0.1\nlog:\n  level: error\n  accesslog:\n    disabled: true\nstorage:\n  filesystem:\n    rootdirectory: {_dir.Combine("data")}\n  delete:\n    enabled: true\nhttp:\n  addr: {Host}\n{auth}");
        var psi = new ProcessStartInfo("docker-registry") { RedirectStandardError = true, RedirectStandardOutput = true };
        psi.ArgumentList.Add("serve");
        psi.ArgumentList.Add(_dir.Combine("config.yml"));
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
            _dir.Dispose();
        }
    }
}
