using Bock.Builder.Execution;

namespace Bock.Builder.Tests.Execution;

/// <summary>Cache mount sharing: shared is used at once, private takes a free instance, locked waits for the holder.</summary>
public sealed class CacheMountLeasesTests
{
    private static string Dir() => "/nonexistent/cache-" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task Shared_users_get_the_same_directory_at_once()
    {
        var dir = Dir();
        var (a, leaseA) = await CacheMountLeases.AcquireAsync(dir, null, CancellationToken.None);
        var (b, leaseB) = await CacheMountLeases.AcquireAsync(dir, "shared", CancellationToken.None);
        Assert.Equal(dir, a);
        Assert.Equal(dir, b);
        leaseA.Dispose();
        leaseB.Dispose();
    }

    [Fact]
    public async Task Private_takes_the_next_instance_while_one_is_in_use_and_the_first_again_when_free()
    {
        var dir = Dir();
        var (first, lease) = await CacheMountLeases.AcquireAsync(dir, "private", CancellationToken.None);
        var (second, other) = await CacheMountLeases.AcquireAsync(dir, "private", CancellationToken.None);
        Assert.Equal(dir, first);
        Assert.Equal(dir + ".1", second);
        lease.Dispose();
        var (again, third) = await CacheMountLeases.AcquireAsync(dir, "private", CancellationToken.None);
        Assert.Equal(dir, again);
        other.Dispose();
        third.Dispose();
    }

    [Fact]
    public async Task Locked_waits_until_the_holder_lets_go()
    {
        var dir = Dir();
        var (_, lease) = await CacheMountLeases.AcquireAsync(dir, "locked", CancellationToken.None);
        var waiting = CacheMountLeases.AcquireAsync(dir, "locked", CancellationToken.None);
        await Task.Delay(200);
        Assert.False(waiting.IsCompleted);
        lease.Dispose();
        var (_, next) = await waiting.WaitAsync(TimeSpan.FromSeconds(5));
        next.Dispose();
        using var cancelled = new CancellationTokenSource(100);
        var (_, held) = await CacheMountLeases.AcquireAsync(dir, "locked", CancellationToken.None);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => CacheMountLeases.AcquireAsync(dir, "locked", cancelled.Token));
        held.Dispose();
    }
}
