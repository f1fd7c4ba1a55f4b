using Bock.Api;
using Bock.Cli.Output;

namespace Bock.Cli.Tests.Output;

/// <summary>Docker's wording of durations (go-units HumanDuration), what docker ps and docker compose ps print after "Up".</summary>
public sealed class HumanDurationTests
{
    [Theory]
    [InlineData(0.4, "Less than a second")]
    [InlineData(1.9, "1 second")]
    [InlineData(5, "5 seconds")]
    [InlineData(59.9, "59 seconds")]
    [InlineData(60, "About a minute")]
    [InlineData(119, "About a minute")]
    [InlineData(120, "2 minutes")]
    [InlineData(59 * 60 + 59, "59 minutes")]
    [InlineData(3600, "About an hour")]
    [InlineData(89 * 60, "About an hour")]
    [InlineData(90 * 60, "2 hours")]
    [InlineData(47 * 3600 + 1700, "47 hours")]
    [InlineData(48 * 3600, "2 days")]
    [InlineData(14 * 86400, "2 weeks")]
    [InlineData(60 * 86400, "2 months")]
    [InlineData(2 * 365 * 86400, "2 years")]
    [InlineData(-3, "Less than a second")]
    public void Reads_as_dockers(double seconds, string expected)
    {
        Assert.Equal(expected, HumanDuration.Of(TimeSpan.FromSeconds(seconds)));
        Assert.Equal(expected, Units.HumanDuration(TimeSpan.FromSeconds(seconds)));
    }
}
