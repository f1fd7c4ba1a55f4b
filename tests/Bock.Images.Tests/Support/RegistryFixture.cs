namespace Bock.Images.Tests.Support;

/// <summary>One open registry and one with basic auth for the whole registry collection.</summary>
public sealed class RegistryFixture : IDisposable
{
    public RegistryFixture()
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

[CollectionDefinition(Name)]
public sealed class RegistryCollection : ICollectionFixture<RegistryFixture>
{
    public const string Name = "registry";
}
