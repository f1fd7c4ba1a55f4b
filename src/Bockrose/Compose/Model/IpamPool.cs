namespace Bockrose.Compose.Model;

public sealed record IpamPool(string? Subnet, string? IpRange, string? Gateway);
