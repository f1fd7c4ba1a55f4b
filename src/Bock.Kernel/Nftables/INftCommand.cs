namespace Bock.Kernel.Nftables;

/// <summary>The two things the firewall asks of nft, behind an interface so its logic is tested without root.</summary>
internal interface INftCommand
{
    /// <summary>Runs <paramref name="script"/> as one transaction: all of it or, on an error, none.</summary>
    void Apply(string script);

    /// <summary>The JSON listing of <c>table ip <paramref name="table"/></c>, or null when there is no such table.</summary>
    string? ListTable(string table);
}
