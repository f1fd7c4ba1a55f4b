using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Bock.Images.Content;

/// <summary>sha256 content digests (<c>sha256:&lt;64 hex&gt;</c>), the only algorithm we store.</summary>
public static partial class Digest
{
    public const string Sha256Prefix = "sha256:";

    public static string Compute(ReadOnlySpan<byte> data) => Sha256Prefix + Convert.ToHexStringLower(SHA256.HashData(data));

    public static string FromHash(byte[] hash) => Sha256Prefix + Convert.ToHexStringLower(hash);

    public static bool IsValid(string? digest) => digest is not null && Pattern().IsMatch(digest);

    /// <summary>The hex part, after checking the digest is a well-formed sha256 (it becomes a file name).</summary>
    public static string Hex(string digest) => IsValid(digest)
        ? digest[Sha256Prefix.Length..]
        : throw new ArgumentException($"unsupported or malformed digest '{digest}' (expected sha256:<64 hex>)", nameof(digest));

    /// <summary>The OCI chain id of a stack of layers: chain(L0) = diff(L0), chain(Ln) = sha256(chain(Ln-1) + " " + diff(Ln)).</summary>
    public static string ChainId(IEnumerable<string> diffIds)
    {
        string? chain = null;
        foreach (string diffId in diffIds)
            chain = chain is null ? diffId : Compute(System.Text.Encoding.ASCII.GetBytes(chain + " " + diffId));
        return chain ?? throw new ArgumentException("an image has no layers", nameof(diffIds));
    }

    [GeneratedRegex("^sha256:[a-f0-9]{64}$")]
    private static partial Regex Pattern();
}
