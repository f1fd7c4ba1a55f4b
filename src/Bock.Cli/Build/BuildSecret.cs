using Bock.Cli.CommandLine;

namespace Bock.Cli.Build;

/// <summary>
/// <c>--secret id=ID[,type=file|env][,src=PATH|,env=VAR]</c>, as buildx reads it: <c>src</c> (or <c>source</c>) is a
/// file, <c>env</c> a variable; with neither, the variable named ID if it is set, else the file named ID.
/// </summary>
internal sealed record BuildSecret(string Id, bool FromEnvironment, string Source)
{
    public static BuildSecret Parse(string text)
    {
        string? id = null, type = null, source = null, variable = null;
        foreach (var field in text.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = field.IndexOf('=');
            if (eq <= 0) throw Invalid(text, $"unexpected key '{field}' in '{text}'");
            var value = field[(eq + 1)..];
            switch (field[..eq].Trim().ToLowerInvariant())
            {
                case "id": id = value; break;
                case "type": type = value; break;
                case "src" or "source": source = value; break;
                case "env": variable = value; break;
                default: throw Invalid(text, $"unexpected key '{field[..eq]}' in '{text}'");
            }
        }
        if (type is not (null or "file" or "env")) throw Invalid(text, $"unsupported secret type \"{type}\"");
        if (source is not null && variable is not null) throw Invalid(text, "src and env are mutually exclusive");
        id ??= source is not null ? Path.GetFileName(source) : variable;
        if (string.IsNullOrEmpty(id)) throw Invalid(text, "secret id is required");
        var fromEnvironment = type switch
        {
            "env" => true,
            "file" => false,
            _ => variable is not null || (source is null && Environment.GetEnvironmentVariable(id) is not null),
        };
        return new BuildSecret(id, fromEnvironment, fromEnvironment ? variable ?? source ?? id : source ?? id);
    }

    /// <summary>The secret's bytes, read now (once per build); a missing file or variable is a usage error.</summary>
    public byte[] Read()
    {
        if (FromEnvironment)
            return Environment.GetEnvironmentVariable(Source) is { } value
                ? System.Text.Encoding.UTF8.GetBytes(value)
                : throw new UsageException($"secret {Id}: environment variable {Source} is not set");
        try
        {
            return File.ReadAllBytes(Source);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"secret {Id}: open {Source}: {e.Message}");
        }
    }

    private static UsageException Invalid(string text, string why) => new($"invalid argument \"{text}\" for \"--secret\" flag: {why}");
}
