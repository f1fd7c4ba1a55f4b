using Bock.Actors.Containers;

namespace Bock.Actors.Tests.Containers;

public sealed class RestartPolicyTests
{
    [Theory]
    [InlineData("no", RestartPolicyKind.No, null)]
    [InlineData("", RestartPolicyKind.No, null)]
    [InlineData("always", RestartPolicyKind.Always, null)]
    [InlineData("unless-stopped", RestartPolicyKind.UnlessStopped, null)]
    [InlineData("on-failure", RestartPolicyKind.OnFailure, null)]
    [InlineData("on-failure:0", RestartPolicyKind.OnFailure, 0)]
    [InlineData("on-failure:5", RestartPolicyKind.OnFailure, 5)]
    [InlineData("always:2", RestartPolicyKind.Always, 2)]
    public void Parses_docker_syntax(string text, RestartPolicyKind kind, int? maxRetries)
    {
        var policy = RestartPolicy.Parse(text);
        Assert.Equal(new RestartPolicy(kind, maxRetries), policy);
        if (text.Length > 0)
            Assert.Equal(text, policy.ToString());
    }

    [Theory]
    [InlineData("sometimes", "use no, on-failure[:max-retries], always or unless-stopped")]
    [InlineData("Always", "use no, on-failure[:max-retries], always or unless-stopped")]
    [InlineData("unless-stopped:3", "only on-failure (and always, for swarm's bounded \"any\") takes a maximum retry count")]
    [InlineData("no:1", "only on-failure (and always, for swarm's bounded \"any\") takes a maximum retry count")]
    [InlineData("always:x", "must be a non-negative integer")]
    [InlineData("on-failure:", "must be a non-negative integer")]
    [InlineData("on-failure:-1", "must be a non-negative integer")]
    [InlineData("on-failure:x", "must be a non-negative integer")]
    [InlineData("on-failure:99999999999", "must be a non-negative integer")]
    public void Rejects_bad_input_with_a_clear_message(string text, string expected)
    {
        var error = Assert.Throws<FormatException>(() => RestartPolicy.Parse(text));
        Assert.Contains($"\"{text}\"", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Theory]
    [InlineData("no", 0, false)]
    [InlineData("no", 1, false)]
    [InlineData("on-failure:3", 0, false)]
    [InlineData("on-failure:3", 137, true)]
    [InlineData("always", 0, true)]
    [InlineData("unless-stopped", 1, true)]
    public void Says_which_exits_restart(string policy, int exitCode, bool restarts) =>
        Assert.Equal(restarts, RestartPolicy.Parse(policy).RestartsAfter(exitCode));

    [Fact]
    public void Delay_and_window_are_part_of_the_policy_not_of_its_docker_name()
    {
        var policy = RestartPolicy.OnFailure(2) with { Delay = TimeSpan.FromSeconds(1), Window = TimeSpan.FromMinutes(1) };
        Assert.Equal("on-failure:2", policy.ToString());
        Assert.NotEqual(RestartPolicy.OnFailure(2), policy);
        Assert.Equal(RestartPolicy.OnFailure(2) with { Delay = TimeSpan.FromSeconds(1), Window = TimeSpan.FromMinutes(1) }, policy);
    }
}
