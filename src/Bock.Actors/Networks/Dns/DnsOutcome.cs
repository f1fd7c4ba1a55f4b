namespace Bock.Actors.Networks.Dns;

/// <summary>What becomes of one received query.</summary>
internal abstract record DnsOutcome
{
    /// <summary>We answer it ourselves.</summary>
    public sealed record Reply(byte[] Bytes) : DnsOutcome;

    /// <summary>Not one of our names: its bytes go to the upstream resolvers unchanged.</summary>
    public sealed record Forward : DnsOutcome
    {
        public static readonly Forward Instance = new();
    }

    /// <summary>Malformed, or not a query: no answer, as a server does with garbage (an answer could feed a reflection loop).</summary>
    public sealed record Drop : DnsOutcome
    {
        public static readonly Drop Instance = new();
    }
}
