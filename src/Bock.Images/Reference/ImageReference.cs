using System.Text.RegularExpressions;

namespace Bock.Images.Reference;

/// <summary>
/// A normalised image reference, parsed the way Docker's distribution/reference does it:
/// <c>alpine</c> → <c>docker.io/library/alpine:latest</c>; a first component with a dot, a colon or
/// <c>localhost</c> (or any upper-case letter) is a registry host.
/// </summary>
public sealed partial record ImageReference(string Domain, string Path, string? Tag, string? Digest)
{
    public const string DefaultDomain = "docker.io";
    public const string DefaultTag = "latest";
    private const int NameTotalLengthMax = 255;

    /// <summary>The repository, as in <c>docker.io/library/alpine</c>.</summary>
    public string Repository => $"{Domain}/{Path}";

    /// <summary>The host that serves the distribution API for <see cref="Domain"/>.</summary>
    public string RegistryHost => Domain == DefaultDomain ? "registry-1.docker.io" : Domain;

    /// <summary>What to ask the registry for: the digest when there is one, else the tag.</summary>
    public string ManifestReference => Digest ?? Tag ?? DefaultTag;

    public ImageReference WithTag(string tag) => this with { Tag = tag, Digest = null };

    public ImageReference WithDigest(string digest) => this with { Digest = digest };

    public override string ToString() =>
        Repository + (Tag is null ? "" : ":" + Tag) + (Digest is null ? "" : "@" + Digest);

    /// <summary>The familiar short form Docker prints: <c>alpine:latest</c>, <c>localhost:5000/x/y:tag</c>.</summary>
    public string FamiliarName
    {
        get
        {
            string name = Domain == DefaultDomain
                ? (Path.StartsWith("library/", StringComparison.Ordinal) && Path.IndexOf('/', 8) < 0 ? Path[8..] : Path)
                : Repository;
            return name + (Tag is null ? "" : ":" + Tag) + (Digest is null ? "" : "@" + Digest);
        }
    }

    public static bool TryParse(string text, out ImageReference? reference, out string? error)
    {
        try
        {
            reference = Parse(text);
            error = null;
            return true;
        }
        catch (InvalidReferenceException e)
        {
            reference = null;
            error = e.Message;
            return false;
        }
    }

    /// <summary>Parses and normalises; throws <see cref="InvalidReferenceException"/> saying why a reference is invalid.</summary>
    public static ImageReference Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
            throw new InvalidReferenceException(text, "reference is empty");
        string rest = text;
        string? digest = null;
        int at = rest.IndexOf('@');
        if (at >= 0)
        {
            digest = rest[(at + 1)..];
            rest = rest[..at];
            if (!DigestPattern().IsMatch(digest))
                throw new InvalidReferenceException(text, $"invalid digest '{digest}' (expected sha256: and 64 lower-case hex digits)");
        }

        string? tag = null;
        int lastSlash = rest.LastIndexOf('/');
        int colon = rest.LastIndexOf(':');
        if (colon > lastSlash)
        {
            tag = rest[(colon + 1)..];
            rest = rest[..colon];
            if (!TagPattern().IsMatch(tag))
                throw new InvalidReferenceException(text, $"invalid tag '{tag}' (letters, digits, '_', '.', '-'; at most 128; not starting with '.' or '-')");
        }
        if (rest.Length == 0)
            throw new InvalidReferenceException(text, "repository name is empty");

        string domain, path;
        int slash = rest.IndexOf('/');
        string first = slash < 0 ? rest : rest[..slash];
        if (slash < 0 || (first.IndexOfAny(['.', ':']) < 0 && first != "localhost" && first.ToLowerInvariant() == first))
        {
            domain = DefaultDomain;
            path = rest;
        }
        else
        {
            domain = first;
            path = rest[(slash + 1)..];
            if (!DomainPattern().IsMatch(domain))
                throw new InvalidReferenceException(text, $"invalid registry host '{domain}'");
        }
        if (domain == "index.docker.io")
            domain = DefaultDomain;
        if (domain == DefaultDomain && !path.Contains('/'))
            path = "library/" + path;

        if (path.Any(char.IsUpper))
            throw new InvalidReferenceException(text, "repository name must be lowercase");
        foreach (string component in path.Split('/'))
        {
            if (!PathComponentPattern().IsMatch(component))
                throw new InvalidReferenceException(text, component.Length == 0
                    ? "repository name has an empty path component"
                    : $"invalid repository path component '{component}' (lower-case letters and digits, separated by '.', '_', '__' or '-')");
        }
        if (domain.Length + 1 + path.Length > NameTotalLengthMax)
            throw new InvalidReferenceException(text, $"repository name is longer than {NameTotalLengthMax} characters");

        if (tag is null && digest is null)
            tag = DefaultTag;
        return new ImageReference(domain, path, tag, digest);
    }

    [GeneratedRegex(@"^sha256:[a-f0-9]{64}$")]
    private static partial Regex DigestPattern();

    [GeneratedRegex(@"^[\w][\w.-]{0,127}$")]
    private static partial Regex TagPattern();

    [GeneratedRegex(@"^[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*$")]
    private static partial Regex PathComponentPattern();

    [GeneratedRegex(@"^(?:(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*|\[[a-fA-F0-9:]+\])(?::[0-9]+)?$")]
    private static partial Regex DomainPattern();
}
