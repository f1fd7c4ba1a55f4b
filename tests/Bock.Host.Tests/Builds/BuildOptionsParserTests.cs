using System.Text;
using Bock.Host.Builds;
using Bock.Host.Images;
using Bock.Images.Reference;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Bock.Host.Tests.Builds;

/// <summary>POST /build's query and headers: Docker's names, bock's extensions, and the refusals that are a 400.</summary>
public sealed class BuildOptionsParserTests
{
    private static BuildOptions Parse(string query, Dictionary<string, string>? headers = null)
    {
        var parsed = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(query);
        var headerDictionary = new HeaderDictionary();
        foreach (var (name, value) in headers ?? []) headerDictionary[name] = value;
        return BuildOptionsParser.Parse(new QueryCollection(parsed), headerDictionary);
    }

    [Fact]
    public void Docker_names_are_read_and_repeated_tags_kept()
    {
        var options = Parse("t=app:1&t=localhost:5000/team/app&dockerfile=build/Dockerfile.dev&target=final&nocache=1&pull=true&q=1"
            + "&buildargs=" + Uri.EscapeDataString("""{"A":"1","FROM_ENV":null}""") + "&labels=" + Uri.EscapeDataString("""{"l":"v"}"""));
        Assert.Equal(["docker.io/library/app:1", "localhost:5000/team/app:latest"], options.Tags.Select(t => t.ToString()));
        Assert.Equal("build/Dockerfile.dev", options.Dockerfile);
        Assert.Equal("final", options.Target);
        Assert.True(options.NoCache && options.Pull && options.Quiet);
        Assert.Equal(new Dictionary<string, string> { ["A"] = "1" }, options.BuildArgs); // null: the CLI found no value
        Assert.Equal("v", options.Labels["l"]);
        Assert.True(options.StoresImage);
    }

    [Fact]
    public void The_source_date_epoch_comes_from_its_parameter_or_the_build_arg()
    {
        Assert.Equal(1700000000, Parse("sourcedateepoch=1700000000").SourceDateEpoch);
        Assert.Equal(42, Parse("buildargs=" + Uri.EscapeDataString("""{"SOURCE_DATE_EPOCH":"42"}""")).SourceDateEpoch);
        Assert.Null(Parse("").SourceDateEpoch);
        Assert.Throws<FormatException>(() => Parse("sourcedateepoch=yesterday"));
    }

    [Fact]
    public void Cachefrom_is_a_JSON_array_of_references_or_one_reference()
    {
        Assert.Equal(["localhost:5000/app:1", "app:cache"], Parse("cachefrom=" + Uri.EscapeDataString("""["localhost:5000/app:1","app:cache"]""")).CacheFrom);
        Assert.Equal(["app:cache"], Parse("cachefrom=app:cache").CacheFrom);
        Assert.Empty(Parse("").CacheFrom);
        Assert.Throws<FormatException>(() => Parse("cachefrom=" + Uri.EscapeDataString("[1")));
        Assert.Throws<FormatException>(() => Parse("cachefrom=" + Uri.EscapeDataString("[1]")));
    }

    [Fact]
    public void Outputs_and_secrets_are_decoded()
    {
        var options = Parse("outputs=" + Uri.EscapeDataString("""[{"Type":"oci","Attrs":{"dest":"/tmp/x.tar"}},{"Type":"local","Attrs":{"dest":"/tmp/dir"}}]"""),
            new() { ["X-Bock-Build-Secrets"] = Convert.ToBase64String(Encoding.UTF8.GetBytes("""{"token":"aHVudGVyMg=="}""")) });
        Assert.Equal(["oci", "local"], options.Outputs.Select(o => o.Type));
        Assert.False(options.StoresImage);
        Assert.Equal("hunter2", Encoding.UTF8.GetString(options.Secrets["token"]));
    }

    [Theory]
    [InlineData("platform=linux/arm64")]
    [InlineData("t=UPPER:case")]
    [InlineData("t=app@sha256:0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("buildargs=[1,2]")]
    [InlineData("outputs=%5B%7B%22Type%22%3A%22registry%22%7D%5D")]
    [InlineData("outputs=%5B%7B%22Type%22%3A%22oci%22%2C%22Attrs%22%3A%7B%22dest%22%3A%22relative.tar%22%7D%7D%5D")]
    [InlineData("push=1")]
    public void Bad_values_are_refused(string query) => Assert.Throws<FormatException>(() => Parse(query));

    [Fact]
    public void Push_credentials_come_from_X_Registry_Auth_or_the_matching_X_Registry_Config_entry()
    {
        var name = ImageReference.Parse("127.0.0.1:5000/app:1");
        var config = Convert.ToBase64String(Encoding.UTF8.GetBytes("""{"other:1":{"username":"x","password":"y"},"127.0.0.1:5000":{"username":"u","password":"p"}}"""));
        Assert.Equal("u", ImageService.BuildAuth(name, null, config)!.Username);
        var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes("""{"username":"direct","password":"p"}"""));
        Assert.Equal("direct", ImageService.BuildAuth(name, auth, config)!.Username);
        Assert.Null(ImageService.BuildAuth(ImageReference.Parse("elsewhere:1/app"), null, config));
    }

    [Fact]
    public void Normalizeowners_is_bocks_flag_off_unless_asked()
    {
        Assert.True(Parse("normalizeowners=1").NormalizeOwners);
        Assert.True(Parse("normalizeowners=true").NormalizeOwners);
        Assert.False(Parse("normalizeowners=0").NormalizeOwners);
        Assert.False(Parse("").NormalizeOwners);
    }
}
