using Bock.Builder.Execution;
using Bock.Builder.Graph;

namespace Bock.Builder.Tests.Execution;

/// <summary>A base image's ONBUILD triggers read as steps of the child stage, and the triggers Docker refuses.</summary>
public sealed class OnbuildTriggersTests
{
    private static readonly SourceLocation From = new("Dockerfile", 1, 1);

    [Fact]
    public void Triggers_become_the_steps_they_say_in_order()
    {
        var steps = OnbuildTriggers.Compile(["RUN echo hi > /onbuild", "ENV A=1", "COPY <<EOF /f\nbody\nEOF"], "base:1", From);
        Assert.Collection(steps,
            s => Assert.Equal(["echo hi > /onbuild"], Assert.IsType<RunStep>(s).Command),
            s => Assert.Equal("A", Assert.Single(Assert.IsType<EnvStep>(s).Variables).Key),
            s => Assert.Equal("body\n", Assert.Single(Assert.IsType<CopyStep>(s).Inline).Content));
    }

    [Theory]
    [InlineData("ONBUILD RUN x")]
    [InlineData("FROM busybox")]
    [InlineData("maintainer me")]
    [InlineData("")]
    public void Refused_triggers_fail_the_build_naming_the_image(string trigger)
    {
        var error = Assert.Throws<BuildFailedException>(() => OnbuildTriggers.Compile([trigger], "base:1", From));
        Assert.Contains("base:1", error.Message);
    }

    [Fact]
    public void A_malformed_trigger_is_a_build_failure_not_a_spec_error_of_the_child()
    {
        var error = Assert.Throws<BuildFailedException>(() => OnbuildTriggers.Compile(["BOGUS x"], "base:1", From));
        Assert.Contains("ONBUILD BOGUS x", error.Message);
    }
}
