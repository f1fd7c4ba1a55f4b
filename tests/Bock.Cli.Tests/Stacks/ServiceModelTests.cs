using System.Text.Json;
using Bock.Cli.Stacks.Commands;

namespace Bock.Cli.Tests.Stacks;

/// <summary>pull, push and build work from the resolved model that config --format json answers.</summary>
public sealed class ServiceModelTests
{
    private static readonly JsonElement Model = JsonDocument.Parse("""
        {"name":"shop","services":{
          "api":{"build":{"context":"/src/api","dockerfile":"Bockfile","target":"prod","args":{"VERSION":"1.2","DEBUG":"0"}}},
          "db":{"image":"postgres:16"},
          "web":{"image":"registry.local/web:2","build":{"context":"/src/web"}}}}
        """).RootElement;

    [Fact]
    public void Services_carry_their_image_and_build_and_can_be_selected()
    {
        var all = ServiceModel.From(Model, []);
        Assert.Equal(["api", "db", "web"], all.Select(s => s.Name));
        Assert.Null(all[0].Image);
        Assert.NotNull(all[0].Build);
        Assert.Null(all[1].Build);
        Assert.Equal(["db"], ServiceModel.From(Model, ["db"]).Select(s => s.Name));
    }

    [Fact]
    public void A_built_image_without_a_name_is_called_project_service_as_compose_does()
    {
        var all = ServiceModel.From(Model, []);
        Assert.Equal("shop-api", all[0].ImageName("shop"));
        Assert.Equal("registry.local/web:2", all[2].ImageName("shop"));
    }

    [Fact]
    public void Build_asks_for_the_tag_file_target_and_args_with_the_command_lines_args_winning()
    {
        var api = ServiceModel.From(Model, ["api"])[0];
        var flags = StackArgs.Parse("/w", "build", "--build-arg", "DEBUG=1", "--no-cache").Flags;
        var query = BuildStackCommand.Query(api, "shop", flags);
        Assert.StartsWith("build?t=shop-api&dockerfile=Bockfile&target=prod&buildargs=", query);
        Assert.EndsWith("&nocache=1", query);
        var args = Uri.UnescapeDataString(query.Split("buildargs=")[1].Split('&')[0]);
        using var json = JsonDocument.Parse(args);
        Assert.Equal("1.2", json.RootElement.GetProperty("VERSION").GetString());
        Assert.Equal("1", json.RootElement.GetProperty("DEBUG").GetString());
    }
}
