using Bock.Cli.Commands;

namespace Bock.Cli.Tests.Commands;

public sealed class ExitCodeTests
{
    [Theory]
    [InlineData("exec: \"nosuch\": executable file not found in $PATH", 127)]
    [InlineData("bock-oci: exec /bin/nosuch: no such file or directory", 127)]
    [InlineData("exec /etc/passwd: permission denied", 126)]
    [InlineData("cgroup: cannot write memory.limit_in_bytes", 125)]
    public void A_failed_start_maps_to_dockers_exit_codes(string message, int code) =>
        Assert.Equal(code, RunCommand.StartFailureExitCode(message));

    [Fact]
    public void Filters_become_the_apis_json_map()
    {
        var query = Filters.Query(["status=running", "name=web", "status=exited"]);
        Assert.Equal("filters=" + Uri.EscapeDataString("""{"status":{"running":true,"exited":true},"name":{"web":true}}"""), query);
    }
}
