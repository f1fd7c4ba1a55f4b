namespace Bock.Kernel.Nftables;

/// <summary>nft refused a script or a listing; <see cref="NftMessage"/> is what nft printed. A refused script changed nothing.</summary>
public sealed class NftablesException(string operation, string nftMessage)
    : Exception($"{operation}: {nftMessage.Trim()}")
{
    public string NftMessage { get; } = nftMessage;
}
