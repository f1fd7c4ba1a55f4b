using System.Text.Json;
using Bock.Cli.Stacks.Commands;

namespace Bock.Cli.Tests.Stacks;

public sealed class EventFormatTests
{
    private static readonly JsonElement Event = JsonDocument.Parse("""
        {"Type":"container","Action":"start","Actor":{"ID":"abc123","Attributes":{"name":"shop-web-1","image":"busybox","com.docker.compose.service":"web","com.docker.compose.project":"shop"}},"time":1700000000,"timeNano":1700000000123456789}
        """).RootElement;

    [Fact]
    public void Lines_show_type_action_id_and_the_attributes_without_compose_labels()
    {
        var line = EventsStackCommand.Format(Event, asJson: false, [])!;
        Assert.EndsWith(" container start abc123 (image=busybox, name=shop-web-1)", line);
        Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6} ", line);
    }

    [Fact]
    public void Json_carries_the_service()
    {
        using var json = JsonDocument.Parse(EventsStackCommand.Format(Event, asJson: true, [])!);
        Assert.Equal("web", json.RootElement.GetProperty("service").GetString());
        Assert.Equal("start", json.RootElement.GetProperty("action").GetString());
        Assert.Equal("shop-web-1", json.RootElement.GetProperty("attributes").GetProperty("name").GetString());
    }

    [Fact]
    public void Events_of_other_services_are_left_out_when_services_are_named()
    {
        Assert.Null(EventsStackCommand.Format(Event, asJson: false, ["db"]));
        Assert.NotNull(EventsStackCommand.Format(Event, asJson: false, ["web"]));
    }
}
