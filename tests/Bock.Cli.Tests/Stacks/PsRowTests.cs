using System.Text.Json;
using Bock.Api.Dtos;
using Bock.Cli.Stacks.Commands;

namespace Bock.Cli.Tests.Stacks;

/// <summary>bockrose ps's STATUS is the daemon's (Docker's wording); only a supervisor backing off or failed is added to it.</summary>
public sealed class PsRowTests
{
    private static JsonElement Container(string state, string status) => JsonDocument.Parse($$"""
        {"Id":"0123456789abcdef","Names":["/p-web-1"],"Image":"busybox","Command":"sleep 300","Created":{{DateTimeOffset.UtcNow.AddSeconds(-75).ToUnixTimeSeconds()}},
         "State":"{{state}}","Status":"{{status}}","Labels":{"com.docker.compose.project":"p","com.docker.compose.service":"web"},"Ports":[]}
        """).RootElement;

    private static string Status(JsonElement row) => row.GetProperty("Status").GetString()!;

    [Theory]
    [InlineData("running", "Up 5 seconds (healthy)", "running", "Up 5 seconds (healthy)")]
    [InlineData("exited", "Exited (0) 3 seconds ago", "completed", "Exited (0) 3 seconds ago")]
    [InlineData("exited", "Exited (137) About a minute ago", "stopped", "Exited (137) About a minute ago")]
    [InlineData("exited", "Exited (1) 1 second ago", "backoff (next try in 4s)", "Exited (1) 1 second ago (backoff (next try in 4s))")]
    public void Status_is_dockers_with_only_a_backoff_added(string state, string status, string supervised, string expected)
    {
        var states = new Dictionary<string, ServiceStatus> { ["web"] = new() { Name = "web", State = supervised } };
        var row = PsStackCommand.Row(Container(state, status), "p", states, noTrunc: false);
        Assert.Equal(expected, Status(row));
        Assert.Equal("About a minute ago", row.GetProperty("RunningFor").GetString());
    }
}
