using Bockrose.Compose.Model;
using Bockrose.Compose.Normalization;

namespace Bockrose.Tests;

public class SyntaxTests
{
    [Theory]
    [InlineData("80", 80, null, null, "tcp")]
    [InlineData("8080:80", 80, "8080", null, "tcp")]
    [InlineData("8080:80/udp", 80, "8080", null, "udp")]
    [InlineData("127.0.0.1:8080:80", 80, "8080", "127.0.0.1", "tcp")]
    [InlineData("127.0.0.1::80", 80, null, "127.0.0.1", "tcp")]
    [InlineData("[::1]:8080:80/sctp", 80, "8080", "::1", "sctp")]
    [InlineData("8000-8010:80", 80, "8000-8010", null, "tcp")]
    [InlineData("80/UDP", 80, null, null, "udp")]
    public void Short_ports(string spec, int target, string? published, string? hostIp, string protocol)
    {
        var port = Assert.Single(PortSyntax.Parse(spec));
        Assert.Equal(new ServicePort(target, published, hostIp, protocol, "ingress", null, null), port);
    }

    [Fact]
    public void Port_ranges_expand_pairwise()
    {
        var ports = PortSyntax.Parse("127.0.0.1:9000-9002:3000-3002/udp");
        Assert.Equal([(3000, "9000"), (3001, "9001"), (3002, "9002")], ports.Select(p => (p.Target, p.Published!)));
        Assert.All(ports, p => Assert.Equal(("127.0.0.1", "udp"), (p.HostIp, p.Protocol)));
        Assert.Equal([3000, 3001], PortSyntax.Parse("3000-3001").Select(p => p.Target));
    }

    [Theory]
    [InlineData("0", "invalid port \"0\" in \"0\" (1 to 65535)")]
    [InlineData("70000:80", "invalid port \"70000\" in \"70000:80\" (1 to 65535)")]
    [InlineData("http", "invalid port \"http\" in \"http\" (1 to 65535)")]
    [InlineData("80/icmp", "invalid protocol \"icmp\" in port \"80/icmp\" (tcp, udp or sctp)")]
    [InlineData("9000-9001:80-82", "port \"9000-9001:80-82\": the published range and the container range differ in length")]
    [InlineData("90-80", "port \"90-80\": range 90-80 ends before it starts")]
    [InlineData("1:2:3:4", "invalid port \"1:2:3:4\": expected [HOST_IP:][PUBLISHED:]TARGET[/PROTOCOL]")]
    public void Bad_ports(string spec, string message) =>
        Assert.Equal(message, Assert.Throws<FormatException>(() => PortSyntax.Parse(spec)).Message);

    [Fact]
    public void Short_volumes()
    {
        Assert.Equal(new ServiceVolume("volume", "data", "/data", false, null, new VolumeOptions(null, null), null), VolumeSyntax.Parse("data:/data"));
        Assert.Equal(new ServiceVolume("volume", null, "/cache", false, null, new VolumeOptions(null, null), null), VolumeSyntax.Parse("/cache"));
        Assert.Equal(new ServiceVolume("bind", "/srv/site", "/html", true, new BindOptions(null, true, "Z"), null, null), VolumeSyntax.Parse("/srv/site:/html:ro,Z"));
        Assert.Equal(new ServiceVolume("bind", "./rel", "/rel", false, new BindOptions("rshared", true, null), null, null), VolumeSyntax.Parse("./rel:/rel:rw,rshared"));
        Assert.Equal(new ServiceVolume("volume", "v", "/v", true, null, new VolumeOptions(true, null), null), VolumeSyntax.Parse("v:/v:ro,nocopy"));
    }

    [Theory]
    [InlineData("data:relative", "the container path \"relative\" must be absolute")]
    [InlineData("data:/d:bogus", "unknown mode \"bogus\"")]
    [InlineData("/host:/d:nocopy", "nocopy applies to volumes, not bind mounts")]
    [InlineData("vol:/d:rshared", "propagation applies to bind mounts, not volumes")]
    [InlineData("a:/b:ro:extra", "expected [SOURCE:]TARGET[:MODE]")]
    public void Bad_volumes(string spec, string contains) =>
        Assert.Contains(contains, Assert.Throws<FormatException>(() => VolumeSyntax.Parse(spec)).Message);

    [Theory]
    [InlineData("1m30s", 90_000)]
    [InlineData("1.5s", 1_500)]
    [InlineData("500ms", 500)]
    [InlineData("2h", 7_200_000)]
    [InlineData("1h2m3s4ms", 3_723_004)]
    [InlineData("0", 0)]
    public void Durations(string text, long milliseconds)
    {
        Assert.True(GoDuration.TryParse(text, out var d));
        Assert.Equal(milliseconds, (long)d.TotalMilliseconds);
    }

    [Theory]
    [InlineData(90_000, "1m30s")]
    [InlineData(3_600_000, "1h0m0s")]
    [InlineData(1_500, "1.5s")]
    [InlineData(500, "500ms")]
    [InlineData(0, "0s")]
    [InlineData(30_000, "30s")]
    public void Durations_print_like_go(long milliseconds, string expected) =>
        Assert.Equal(expected, GoDuration.Format(TimeSpan.FromMilliseconds(milliseconds)));

    [Theory]
    [InlineData("10")]
    [InlineData("1x")]
    [InlineData("s")]
    [InlineData("")]
    public void Bad_durations(string text) => Assert.False(GoDuration.TryParse(text, out _));

    [Theory]
    [InlineData("512m", 536_870_912)]
    [InlineData("1g", 1_073_741_824)]
    [InlineData("1GB", 1_073_741_824)]
    [InlineData("64k", 65_536)]
    [InlineData("1.5g", 1_610_612_736)]
    [InlineData("1024", 1024)]
    public void Sizes(string text, long bytes)
    {
        Assert.True(ByteSize.TryParse(text, out var b));
        Assert.Equal(bytes, b);
    }

    [Theory]
    [InlineData("echo hi", new[] { "echo", "hi" })]
    [InlineData("sh -c 'echo $HOME && ls'", new[] { "sh", "-c", "echo $HOME && ls" })]
    [InlineData("a \"b c\" d\\ e", new[] { "a", "b c", "d e" })]
    [InlineData("  spaced   out  ", new[] { "spaced", "out" })]
    [InlineData("empty '' arg", new[] { "empty", "", "arg" })]
    public void Shell_words(string text, string[] words) => Assert.Equal(words, ShellWords.Split(text));
}
