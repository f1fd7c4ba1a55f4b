using System.Net;

namespace Bock.Actors.Networks;

/// <summary>
/// The IPAM of one network: hands out the lowest free address of its subnet, never the network, broadcast or
/// gateway address, never one twice, and takes addresses back. Plain state for its NetworkActor to own (no locks),
/// rebuilt after a daemon restart from the addresses in use (<see cref="Restore"/>).
/// </summary>
public sealed class AddressPool
{
    private readonly SortedSet<uint> _inUse = [];

    public AddressPool(Ipv4Subnet subnet, IPAddress? gateway = null)
    {
        if (subnet.UsableCount < 2)
            throw new FormatException($"subnet {subnet} is too small: a network needs room for a gateway and a container");
        Subnet = subnet;
        Gateway = gateway ?? Ipv4Subnet.ToAddress(subnet.Network + 1);
        if (!IsUsable(Ipv4Subnet.ToNumber(Gateway)))
            throw new FormatException($"gateway {Gateway} is not a usable address of subnet {subnet}");
    }

    public Ipv4Subnet Subnet { get; }
    public IPAddress Gateway { get; }
    public IReadOnlyCollection<IPAddress> InUse => [.. _inUse.Select(Ipv4Subnet.ToAddress)];

    /// <exception cref="InvalidOperationException">Every address is taken.</exception>
    public IPAddress Allocate()
    {
        var gateway = Ipv4Subnet.ToNumber(Gateway);
        for (var candidate = Subnet.Network + 1; candidate < Subnet.Broadcast; candidate++)
        {
            if (candidate == gateway || _inUse.Contains(candidate)) continue;
            _inUse.Add(candidate);
            return Ipv4Subnet.ToAddress(candidate);
        }
        throw new InvalidOperationException($"no free address left in {Subnet}: {_inUse.Count} in use");
    }

    /// <summary>Docker's <c>--ip</c>: that address or an error saying why not.</summary>
    /// <exception cref="InvalidOperationException">Outside the subnet, reserved, or taken.</exception>
    public IPAddress Allocate(IPAddress wanted)
    {
        var value = Ipv4Subnet.ToNumber(wanted);
        if (!Subnet.Contains(wanted) || !IsUsable(value))
            throw new InvalidOperationException($"address {wanted} is not a usable address of subnet {Subnet}");
        if (wanted.Equals(Gateway))
            throw new InvalidOperationException($"address {wanted} is the gateway of {Subnet}");
        if (!_inUse.Add(value))
            throw new InvalidOperationException($"address {wanted} is already in use on {Subnet}");
        return wanted;
    }

    /// <summary>Gives an address back; one this pool did not hand out is ignored (a removal may be repeated).</summary>
    public bool Release(IPAddress address) => _inUse.Remove(Ipv4Subnet.ToNumber(address));

    /// <summary>After a daemon restart: the addresses its containers still hold, taken again in one step.</summary>
    /// <exception cref="InvalidOperationException">One is outside the subnet, reserved, or listed twice.</exception>
    public void Restore(IEnumerable<IPAddress> held)
    {
        foreach (var address in held) Allocate(address);
    }

    private bool IsUsable(uint value) => value > Subnet.Network && value < Subnet.Broadcast;
}
