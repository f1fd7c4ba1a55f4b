namespace Bock.EndToEnd.Tests.Support;

/// <summary>One daemon shared by the tests of a class that do not need one of their own.</summary>
public sealed class DaemonFixture : IAsyncLifetime
{
    public BockDaemon Daemon { get; private set; } = null!;

    public async Task InitializeAsync() => Daemon = await BockDaemon.StartAsync();

    public async Task DisposeAsync() => await Daemon.DisposeAsync();
}
