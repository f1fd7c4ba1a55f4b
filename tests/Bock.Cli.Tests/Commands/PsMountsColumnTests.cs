using System.Text.Json;
using Bock.Cli.Commands;

namespace Bock.Cli.Tests.Commands;

public sealed class PsMountsColumnTests
{
    private static readonly JsonElement Container = JsonDocument.Parse("""
        {"Id": "0123456789abcdef0123", "Names": ["/web"], "Image": "busybox", "Command": "sh", "Created": 1700000000,
         "Status": "Up 1 second", "State": "running",
         "Mounts": [{"Type": "volume", "Name": "0f5c2a9e41d7b3c8a6e2", "Source": "/var/lib/bock/volumes/0f5c2a9e41d7b3c8a6e2/_data", "Destination": "/data"},
                    {"Type": "volume", "Name": "site", "Source": "/var/lib/bock/volumes/site/_data", "Destination": "/www"},
                    {"Type": "bind", "Source": "/srv", "Destination": "/srv"}]}
        """).RootElement;

    [Fact]
    public void Mounts_name_volumes_by_name_and_binds_by_source_cut_to_fifteen_characters_as_docker_does()
    {
        Assert.Equal("0f5c2a9e41d7b3…,site,/srv", PsCommand.Row(Container, noTrunc: false).GetProperty("Mounts").GetString());
        Assert.Equal("0f5c2a9e41d7b3c8a6e2,site,/srv", PsCommand.Row(Container, noTrunc: true).GetProperty("Mounts").GetString());
    }
}
