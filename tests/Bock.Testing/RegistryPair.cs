namespace Bock.Testing;

/// <summary>Two local registries for a test class: one open, one behind htpasswd basic auth.</summary>
public sealed class RegistryPair : IDisposable
{
    public RegistryPair()
    {
        Open = new LocalRegistry(withAuth: false);
        try
        {
            Authenticated = new LocalRegistry(withAuth: true);
        }
        catch
        {
            Open.Dispose();
            throw;
        }
    }

    public LocalRegistry Open { get; }
    public LocalRegistry Authenticated { get; }

    public void Dispose()
    {
        Open.Dispose();
        Authenticated.Dispose();
    }
}
