using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bock.Oci.Runtime;

public sealed record LogLine(
    [property: JsonPropertyName("level")] string Level,
    [property: JsonPropertyName("msg")] string Msg,
    [property: JsonPropertyName("time")] string Time);

/// <summary>
/// runc's --log/--log-format: errors go to stderr and, when a log file is given, to it as text or JSON lines
/// (conmon reads the JSON form to report why a container failed).
/// </summary>
public static class Log
{
    public static string? File { get; set; }
    public static bool Json { get; set; }
    public static bool Debug { get; set; }

    public static void Error(string message)
    {
        Console.Error.WriteLine(message);
        Append("error", message);
    }

    public static void Warn(string message)
    {
        Console.Error.WriteLine("warning: " + message);
        Append("warning", message);
    }

    public static void Info(string message)
    {
        if (Debug) Console.Error.WriteLine(message);
        if (Debug) Append("debug", message);
    }

    private static void Append(string level, string message)
    {
        if (File is null) return;
        var time = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ");
        var line = Json
            ? JsonSerializer.Serialize(new LogLine(level, message, time), OciJsonContext.Default.LogLine)
            : $"time=\"{time}\" level={level} msg=\"{message.Replace("\"", "\\\"")}\"";
        try
        {
            System.IO.File.AppendAllText(File, line + "\n");
        }
        catch (IOException)
        {
            // A log we cannot write must not hide the error itself, which already went to stderr.
        }
    }
}
