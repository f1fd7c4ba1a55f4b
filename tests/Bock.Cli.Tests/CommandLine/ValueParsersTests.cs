using Bock.Cli.CommandLine;

namespace Bock.Cli.Tests.CommandLine;

public sealed class ValueParsersTests
{
    [Theory]
    [InlineData("512", 512L)]
    [InlineData("64m", 64L << 20)]
    [InlineData("64M", 64L << 20)]
    [InlineData("1g", 1L << 30)]
    [InlineData("1GiB", 1L << 30)]
    [InlineData("1.5k", 1536L)]
    [InlineData("100mb", 100L << 20)]
    public void Sizes_use_binary_multiples(string text, long bytes) => Assert.Equal(bytes, ValueParsers.Bytes(text, "memory"));

    [Theory]
    [InlineData("1x")]
    [InlineData("")]
    [InlineData("-5m")]
    [InlineData("m")]
    public void Bad_sizes_name_the_flag(string text)
    {
        var error = Assert.Throws<UsageException>(() => ValueParsers.Bytes(text, "memory"));
        Assert.Contains("--memory", error.Message);
    }

    [Theory]
    [InlineData("1.5", 1_500_000_000L)]
    [InlineData("0.25", 250_000_000L)]
    [InlineData("2", 2_000_000_000L)]
    public void Cpus_become_nano_cpus(string text, long nanos) => Assert.Equal(nanos, ValueParsers.NanoCpus(text));

    [Theory]
    [InlineData("30s", 30_000_000_000L)]
    [InlineData("1m30s", 90_000_000_000L)]
    [InlineData("250ms", 250_000_000L)]
    [InlineData("1h", 3_600_000_000_000L)]
    [InlineData("0", 0L)]
    public void Go_durations_become_nanoseconds(string text, long nanos) => Assert.Equal(nanos, ValueParsers.DurationNanos(text, "health-interval"));

    [Theory]
    [InlineData("30")]
    [InlineData("1m30")]
    [InlineData("s")]
    public void Durations_without_units_are_refused(string text) =>
        Assert.Throws<UsageException>(() => ValueParsers.DurationNanos(text, "health-interval"));

    [Fact]
    public void Ulimits_take_soft_and_hard_and_refuse_soft_above_hard()
    {
        var limit = ValueParsers.Ulimit("nofile=1024:2048");
        Assert.Equal(("nofile", 1024L, 2048L), (limit.Name, limit.Soft, limit.Hard));
        Assert.Equal(512L, ValueParsers.Ulimit("nproc=512").Hard);
        Assert.Throws<UsageException>(() => ValueParsers.Ulimit("nofile=4096:1024"));
        Assert.Throws<UsageException>(() => ValueParsers.Ulimit("nofile"));
    }
}
