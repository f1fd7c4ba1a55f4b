using System.Text.Json;
using Bock.Cli.CommandLine;
using Bock.Cli.Daemon;
using Bock.Cli.Io;

namespace Bock.Cli.Commands;

/// <summary>exec create + a hijacked exec start + exec inspect for the exit code (126/127 when it could not run).</summary>
internal sealed class ExecCommand : ICommand
{
    public string Name => "exec";
    public string Arguments => "CONTAINER COMMAND [ARG...]";
    public string Summary => "Execute a command in a running container";

    public FlagSet Flags(string commandPath) => new FlagSet(commandPath, stopAtFirstPositional: true)
        .Bool("interactive", 'i', "Keep STDIN open even if not attached")
        .Bool("tty", 't', "Allocate a pseudo-TTY")
        .Bool("detach", 'd', "Detached mode: run command in the background")
        .List("env", 'e', "Set environment variables")
        .List("env-file", null, "Read in a file of environment variables")
        .Value("user", 'u', "Username or UID (format: \"<name|uid>[:<group|gid>]\")")
        .Value("workdir", 'w', "Working directory inside the container")
        .Bool("privileged", null, "Give extended privileges to the command");

    public async Task<int> RunAsync(ParsedFlags flags, CliContext context)
    {
        var args = flags.Arguments(2);
        var container = EachContainer.Escape(args[0]);
        var tty = flags.Bool("tty");
        var stdin = flags.Bool("interactive");
        var detach = flags.Bool("detach");
        if (tty && stdin && !context.StdinIsTerminal)
        {
            await context.Error.WriteLineAsync("the input device is not a TTY");
            return 1;
        }
        var env = flags.List("env-file").SelectMany(EnvFile.Read).Concat(flags.List("env")).ToList();
        var body = BuildCreateBody(args.Skip(1).ToList(), env, flags.Value("user"), flags.Value("workdir"), tty, stdin && !detach, !detach, flags.Bool("privileged"));
        var daemon = context.Daemon;
        string execId;
        try
        {
            using var response = await daemon.SendAsync(HttpMethod.Post, $"containers/{container}/exec",
                new JsonBytesContent(body), context.Cancellation);
            using var created = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(context.Cancellation));
            execId = created.RootElement.GetProperty("Id").GetString()!;
        }
        catch (DaemonException e)
        {
            await context.Error.WriteLineAsync($"Error response from daemon: {e.Message}");
            return e.Status == 404 ? 1 : 126;
        }
        var start = System.Text.Encoding.UTF8.GetBytes($"{{\"Detach\":{(detach ? "true" : "false")},\"Tty\":{(tty ? "true" : "false")}}}");
        if (detach)
        {
            using var _ = await daemon.SendAsync(HttpMethod.Post, $"exec/{execId}/start", new JsonBytesContent(start), context.Cancellation);
            return 0;
        }
        HijackedStream connection;
        try
        {
            connection = await daemon.HijackAsync($"exec/{execId}/start", start, context.Cancellation);
        }
        catch (DaemonException e)
        {
            // The process could not be started (an unknown user, say): Docker's "cannot invoke".
            await context.Error.WriteLineAsync($"Error response from daemon: {e.Message}");
            return 126;
        }
        await using (connection)
        {
            await new AttachedSession(connection, tty, stdin,
                (rows, columns) => daemon.SendAsync(HttpMethod.Post, $"exec/{execId}/resize?h={rows}&w={columns}")).RunAsync(context.Cancellation);
        }
        var inspect = await daemon.GetJsonAsync($"exec/{execId}/json", context.Cancellation);
        return inspect.TryGetProperty("ExitCode", out var code) && code.ValueKind == JsonValueKind.Number ? code.GetInt32() : 126;
    }

    private static byte[] BuildCreateBody(IReadOnlyList<string> cmd, IReadOnlyList<string> env, string? user, string? workdir, bool tty, bool stdin, bool attach, bool privileged)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("Cmd");
            foreach (var arg in cmd) json.WriteStringValue(arg);
            json.WriteEndArray();
            json.WriteStartArray("Env");
            foreach (var variable in env) json.WriteStringValue(variable);
            json.WriteEndArray();
            if (user is not null) json.WriteString("User", user);
            if (workdir is not null) json.WriteString("WorkingDir", workdir);
            json.WriteBoolean("Tty", tty);
            json.WriteBoolean("AttachStdin", stdin);
            json.WriteBoolean("AttachStdout", attach);
            json.WriteBoolean("AttachStderr", attach);
            json.WriteBoolean("Privileged", privileged);
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }
}
