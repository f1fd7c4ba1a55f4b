using Bock.Cli.Commands;

namespace Bock.Cli.Tests.Commands;

public sealed class ExitCodeTests
{
    [Theory]
    [InlineData("exec: \"nosuch\": executable file not found in $PATH", 127)]
    [InlineData("exec: \"/no/such\": stat /no/such: no such file or directory", 127)]
    [InlineData("exec: \"/etc/passwd\": permission denied", 126)]
    [InlineData("cgroup: cannot write memory.limit_in_bytes: permission denied", 125)]
    [InlineData("No such image: nosuch:latest", 125)]
    [InlineData("invalid mount config: bind source path does not exist: /nonexistent", 125)]
    public void A_failed_start_maps_to_dockers_exit_codes(string message, int code) =>
        Assert.Equal(code, RunCommand.StartFailureExitCode(message));

    [Fact]
    public void Image_names_keep_their_slashes_in_paths() =>
        Assert.Equal("localhost%3A5000/team/app%3Av1", EachContainer.EscapeImage("localhost:5000/team/app:v1"));

    [Fact]
    public void Filters_become_the_apis_json_map()
    {
        var query = Filters.Query(["status=running", "name=web", "status=exited"]);
        Assert.Equal("filters=" + Uri.EscapeDataString("""{"status":{"running":true,"exited":true},"name":{"web":true}}"""), query);
    }
}
