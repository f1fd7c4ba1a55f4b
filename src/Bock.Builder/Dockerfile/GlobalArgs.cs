namespace Bock.Builder.Dockerfile;

/// <summary>
/// The ARGs declared before the first FROM (BuildKit's meta args): what FROM lines expand with, and what a stage's
/// value-less <c>ARG name</c> takes. A <c>--build-arg</c> overrides a declared ARG's default; a build arg nobody
/// declares is not visible. The platform args BuildKit predefines are declared from the start (Bock builds
/// linux/amd64 on linux/amd64).
/// </summary>
internal sealed class GlobalArgs
{
    private static readonly (string Name, string Value)[] Predefined =
    [
        ("BUILDPLATFORM", "linux/amd64"), ("BUILDOS", "linux"), ("BUILDARCH", "amd64"), ("BUILDVARIANT", ""),
        ("TARGETPLATFORM", "linux/amd64"), ("TARGETOS", "linux"), ("TARGETARCH", "amd64"), ("TARGETVARIANT", ""),
    ];

    private readonly Dictionary<string, string?> _values = new(StringComparer.Ordinal);

    public GlobalArgs(IReadOnlyDictionary<string, string> buildArgs)
    {
        BuildArgs = buildArgs;
        foreach (var (name, value) in Predefined) _values[name] = value;
    }

    public IReadOnlyDictionary<string, string> BuildArgs { get; }

    public static bool IsPredefined(string name) => Predefined.Any(p => p.Name == name);

    /// <summary>Declares a global ARG; <paramref name="expandedDefault"/> is null for <c>ARG name</c> without a value.</summary>
    public void Declare(string name, string? expandedDefault) =>
        _values[name] = !IsPredefined(name) && BuildArgs.TryGetValue(name, out var given) ? given : expandedDefault;

    public string? Lookup(string name) => _values.GetValueOrDefault(name);

    public bool IsDeclared(string name) => _values.ContainsKey(name);
}
