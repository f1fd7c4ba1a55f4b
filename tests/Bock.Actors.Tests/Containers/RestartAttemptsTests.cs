using Bock.Actors.Containers;

namespace Bock.Actors.Tests.Containers;

public sealed class RestartAttemptsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static DateTimeOffset At(double seconds) => T0.AddSeconds(seconds);

    [Fact]
    public void Without_a_window_every_attempt_counts()
    {
        var attempts = new RestartAttempts(RestartPolicy.OnFailure(2));
        Assert.True(attempts.TryTake(At(0)));
        Assert.True(attempts.TryTake(At(100)));
        Assert.False(attempts.TryTake(At(10_000)));
        Assert.False(attempts.CanTake(At(1_000_000)));
    }

    [Fact]
    public void Within_a_window_only_the_attempts_of_the_last_window_count()
    {
        var attempts = new RestartAttempts(RestartPolicy.OnFailure(2) with { Window = TimeSpan.FromSeconds(10) });
        Assert.True(attempts.TryTake(At(0)));
        Assert.True(attempts.TryTake(At(4)));
        Assert.False(attempts.TryTake(At(9))); // 0 and 4 are within (−1, 9]
        Assert.True(attempts.TryTake(At(10))); // 0 has slid out: one left
        Assert.False(attempts.TryTake(At(13.9))); // 4 and 10
        Assert.True(attempts.TryTake(At(14))); // 4 slid out
        Assert.False(attempts.CanTake(At(19)));
        Assert.True(attempts.CanTake(At(30)));
    }

    [Fact]
    public void A_failed_check_takes_nothing()
    {
        var attempts = new RestartAttempts(new RestartPolicy(RestartPolicyKind.Always, 1) with { Window = TimeSpan.FromSeconds(5) });
        Assert.True(attempts.TryTake(At(0)));
        for (var i = 1; i < 5; i++) Assert.False(attempts.TryTake(At(i)));
        Assert.True(attempts.TryTake(At(5))); // the refusals did not keep the window full
    }

    [Theory]
    [InlineData("always")]
    [InlineData("unless-stopped")]
    [InlineData("on-failure")]
    [InlineData("on-failure:0")]
    public void An_unbounded_policy_never_runs_out(string policy)
    {
        var attempts = new RestartAttempts(RestartPolicy.Parse(policy) with { Window = TimeSpan.FromSeconds(1) });
        for (var i = 0; i < 100; i++) Assert.True(attempts.TryTake(At(0)));
    }

}
