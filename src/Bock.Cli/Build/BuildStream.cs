using System.Text.Json;
using Bock.Api;
using Bock.Api.Dtos;

namespace Bock.Cli.Build;

/// <summary>Reads the answer of <c>POST /build</c> line by line into an <see cref="IBuildProgress"/>, up to its outcome.</summary>
internal static class BuildStream
{
    /// <summary>How a build ended: the image id it named (if any), or the error of its last line.</summary>
    public sealed record Outcome(string? ImageId, string? Error);

    public static async Task<Outcome> ReadAsync(Stream body, IBuildProgress progress, CancellationToken ct)
    {
        using var reader = new StreamReader(body);
        string? imageId = null;
        while (await reader.ReadLineAsync(ct) is { } text)
        {
            if (text.Length == 0) continue;
            BuildProgressLine? line;
            try
            {
                line = JsonSerializer.Deserialize(text, BockApiJsonContext.Default.BuildProgressLine);
            }
            catch (JsonException)
            {
                progress.Stream(text); // not ours to judge: show it
                continue;
            }
            if (line is null) continue;
            if (line.ErrorDetail?.Message is { Length: > 0 } detail) return new Outcome(imageId, detail);
            if (line.Error is { Length: > 0 } error) return new Outcome(imageId, error);
            if (line.Stream is { } stream) progress.Stream(stream);
            if (line.Aux is not { ValueKind: JsonValueKind.Object } aux) continue;
            try
            {
                switch (line.Id)
                {
                    case BuildProgressLine.StepId:
                        if (aux.Deserialize(BockApiJsonContext.Default.BuildStepAux) is { } step) progress.Step(step);
                        break;
                    case BuildProgressLine.LogId:
                        if (aux.Deserialize(BockApiJsonContext.Default.BuildLogAux) is { } log) progress.Log(log);
                        break;
                    default:
                        if (aux.TryGetProperty("ID", out var id) && id.ValueKind == JsonValueKind.String) imageId = id.GetString();
                        break;
                }
            }
            catch (JsonException)
            {
                // An event of a newer daemon this client does not know: the plain lines still tell the story.
            }
        }
        return new Outcome(imageId, null);
    }
}
