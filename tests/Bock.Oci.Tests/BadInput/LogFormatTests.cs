using System.Text.Json;
using Bock.Oci.Tests.Support;

namespace Bock.Oci.Tests.BadInput;

/// <summary>conmon reads a runtime's errors from <c>--log FILE --log-format json</c>.</summary>
[Trait(Category.Name, Category.Privileged)]
public sealed class LogFormatTests
{
    [Fact]
    public async Task Errors_go_to_the_log_file_as_json_lines()
    {
        await using var bundle = new TestBundle(["true"]);
        var log = Path.Combine(bundle.Directory, "log.json");
        var result = await Shell.RunAsync(OciBinary.Path, ["--root", bundle.StateRoot, "--log", log, "--log-format", "json", "start", "missing-one"]);
        Assert.NotEqual(0, result.ExitCode);
        var line = JsonDocument.Parse(File.ReadAllLines(log).Single()).RootElement;
        Assert.Equal("error", line.GetProperty("level").GetString());
        Assert.Equal("container \"missing-one\" does not exist", line.GetProperty("msg").GetString());
        Assert.True(DateTimeOffset.TryParse(line.GetProperty("time").GetString(), out _));
    }

    [Fact]
    public async Task Text_log_format_is_logfmt()
    {
        await using var bundle = new TestBundle(["true"]);
        var log = Path.Combine(bundle.Directory, "log.txt");
        await Shell.RunAsync(OciBinary.Path, ["--root", bundle.StateRoot, "--log", log, "start", "missing-two"]);
        Assert.Matches("^time=\"[^\"]+\" level=error msg=\"container \\\\\"missing-two\\\\\" does not exist\"$", File.ReadAllText(log).Trim());
    }
}
