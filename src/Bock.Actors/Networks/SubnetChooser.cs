namespace Bock.Actors.Networks;

/// <summary>
/// A subnet for a network created without <c>--subnet</c>, as Docker's default address pools do: the first /16 of
/// 172.17–172.31 that overlaps no existing network, then /20s of 192.168.0.0/16.
/// </summary>
public static class SubnetChooser
{
    /// <exception cref="InvalidOperationException">All of them are taken.</exception>
    public static Ipv4Subnet Next(IEnumerable<Ipv4Subnet> existing)
    {
        var taken = existing.ToList();
        foreach (var candidate in Candidates())
            if (!taken.Any(candidate.Overlaps))
                return candidate;
        throw new InvalidOperationException("all default address pools are in use: give the network a --subnet");
    }

    private static IEnumerable<Ipv4Subnet> Candidates()
    {
        for (uint second = 17; second <= 31; second++)
            yield return Ipv4Subnet.Of(172u << 24 | second << 16, 16);
        for (uint third = 0; third < 256; third += 16)
            yield return Ipv4Subnet.Of(192u << 24 | 168u << 16 | third << 8, 20);
    }
}
