namespace Bock.Kernel.Nftables;

/// <summary>One rule of our table as nft lists it: where it is, its handle (to delete it by) and its owner, if any.</summary>
internal sealed record NftRule(string Chain, long Handle, FirewallOwner? Owner);
