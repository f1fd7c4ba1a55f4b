namespace Bock.Actors.Networks;

/// <summary>Where the <see cref="NetworkDirectory"/> keeps its networks across daemon restarts (SQLite in bockd).</summary>
public interface INetworkStore
{
    IReadOnlyList<NetworkConfig> LoadAll();

    void Save(NetworkConfig network);

    void Delete(string id);
}
