using Bock.Cli.Build;
using Bock.Cli.CommandLine;
using Bock.Cli.Commands;

namespace Bock.Cli.Tests.Build;

public sealed class BuildFlagTests
{
    private static BuildOptions Options(Func<string, string?> environment, params string[] args) =>
        BuildOptions.From(new BuildCommand().Flags("bock build").Parse(args), environment);

    private static BuildOptions Options(params string[] args) => Options(_ => null, args);

    [Fact]
    public void A_secret_from_a_file_or_a_variable()
    {
        Assert.Equal(new BuildSecret("token", false, "/run/token.txt"), BuildSecret.Parse("id=token,src=/run/token.txt"));
        Assert.Equal(new BuildSecret("token", false, "t.txt"), BuildSecret.Parse("id=token,source=t.txt"));
        Assert.Equal(new BuildSecret("aws", true, "AWS_KEY"), BuildSecret.Parse("id=aws,env=AWS_KEY"));
        Assert.Equal(new BuildSecret("key.pem", false, "/x/key.pem"), BuildSecret.Parse("src=/x/key.pem"));
        Assert.Equal(new BuildSecret("k", true, "k"), BuildSecret.Parse("id=k,type=env"));
    }

    [Theory]
    [InlineData("src=a,env=B")]
    [InlineData("id=x,color=red")]
    [InlineData("id=x,type=ssh")]
    [InlineData("nonsense")]
    [InlineData("type=file")]
    public void A_malformed_secret_is_a_usage_error(string text) =>
        Assert.Contains("--secret", Assert.Throws<UsageException>(() => BuildSecret.Parse(text)).Message);

    [Fact]
    public void A_secret_is_read_from_its_file_or_variable()
    {
        using var dir = new TempDir();
        var file = Path.Combine(dir.Path, "s");
        File.WriteAllText(file, "hunter2");
        Assert.Equal("hunter2"u8.ToArray(), new BuildSecret("s", false, file).Read());
        Assert.Throws<UsageException>(() => new BuildSecret("s", false, file + ".missing").Read());
        Assert.Throws<UsageException>(() => new BuildSecret("s", true, "BOCK_TEST_NO_SUCH_VARIABLE_" + Guid.NewGuid().ToString("N")).Read());
    }

    [Fact]
    public void The_secrets_header_is_base64_json_of_base64_contents()
    {
        using var dir = new TempDir();
        var file = Path.Combine(dir.Path, "s");
        File.WriteAllText(file, "hunter2");
        var header = BuildRequest.Secrets([new BuildSecret("db", false, file)])!;
        var json = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(header));
        Assert.Equal($$"""{"db":"{{Convert.ToBase64String("hunter2"u8.ToArray())}}"}""", json);
        Assert.Null(BuildRequest.Secrets([]));
    }

    [Fact]
    public void Outputs_take_a_type_and_an_absolute_destination()
    {
        var oci = BuildOutput.Parse("type=oci,dest=out/image.tar");
        Assert.Equal("oci", oci.Type);
        Assert.Equal(Path.GetFullPath("out/image.tar"), oci.Destination);
        Assert.True(Path.IsPathRooted(oci.Destination));
        Assert.Equal(new BuildOutput("local", new Dictionary<string, string> { ["dest"] = Path.GetFullPath("rootfs") }).Destination,
            BuildOutput.Parse("rootfs").Destination); // -o DIR
        Assert.Equal("local", BuildOutput.Parse("rootfs").Type);
        Assert.Null(BuildOutput.Parse("type=image").Destination);
        Assert.Equal("""[{"Type":"docker","Attrs":{"dest":"/tmp/i.tar"}},{"Type":"image","Attrs":{}}]""",
            BuildRequest.Outputs([BuildOutput.Parse("type=docker,dest=/tmp/i.tar"), BuildOutput.Parse("type=image")]));
    }

    [Theory]
    [InlineData("type=oci")] // no dest
    [InlineData("type=tarball,dest=x")]
    [InlineData("dest=x,name=y")] // no type
    [InlineData("type=local,dest=-")]
    [InlineData("")]
    public void A_malformed_output_is_a_usage_error(string text) =>
        Assert.Throws<UsageException>(() => BuildOutput.Parse(text));

    [Fact]
    public void Build_args_take_values_or_the_environments()
    {
        var env = new Dictionary<string, string> { ["HTTP_PROXY"] = "http://proxy:3128" };
        var options = Options(k => env.GetValueOrDefault(k), "--build-arg", "A=1", "--build-arg", "B=x=y", "--build-arg", "HTTP_PROXY",
            "--build-arg", "UNSET", "--build-arg", "A=2", ".");
        Assert.Equal(new Dictionary<string, string> { ["A"] = "2", ["B"] = "x=y", ["HTTP_PROXY"] = "http://proxy:3128" }, options.BuildArgs);
        Assert.Throws<UsageException>(() => Options("--build-arg", "=v", "."));
    }

    [Fact]
    public void Source_date_epoch_comes_from_a_build_arg_before_the_environment()
    {
        Assert.Equal(100, Options(k => k == "SOURCE_DATE_EPOCH" ? "100" : null, ".").SourceDateEpoch);
        Assert.Equal(7, Options(k => k == "SOURCE_DATE_EPOCH" ? "100" : null, "--build-arg", "SOURCE_DATE_EPOCH=7", ".").SourceDateEpoch);
        Assert.Null(Options(".").SourceDateEpoch);
        Assert.Throws<UsageException>(() => Options(k => k == "SOURCE_DATE_EPOCH" ? "yesterday" : null, "."));
    }

    [Fact]
    public void The_request_carries_every_flag_as_dockers_query()
    {
        var options = Options("-t", "app:1", "--tag", "app:latest", "--label", "a=b", "--target", "final", "--no-cache", "--pull",
            "--platform", "linux/amd64", "--cache-from", "reg/app:cache", "--push", "-q", "--build-arg", "V=1",
            "--build-arg", "SOURCE_DATE_EPOCH=0", "-o", "type=oci,dest=/tmp/o.tar", ".");
        var path = BuildRequest.Path(options, ".bock-build-spec/Bockfile");
        Assert.StartsWith("build?", path);
        var query = path["build?".Length..].Split('&').Select(p => p.Split('=', 2)).Select(p => (p[0], Uri.UnescapeDataString(p[1]))).ToList();
        Assert.Equal([
            ("t", "app:1"), ("t", "app:latest"), ("dockerfile", ".bock-build-spec/Bockfile"),
            ("buildargs", """{"SOURCE_DATE_EPOCH":"0","V":"1"}"""), ("labels", """{"a":"b"}"""), ("target", "final"),
            ("nocache", "1"), ("pull", "1"), ("platform", "linux/amd64"), ("cachefrom", """["reg/app:cache"]"""), ("q", "1"),
            ("sourcedateepoch", "0"), ("outputs", """[{"Type":"oci","Attrs":{"dest":"/tmp/o.tar"}}]"""), ("push", "1"),
        ], query);
        Assert.Equal("build", BuildRequest.Path(Options("."), null));
    }

    [Theory]
    [InlineData("--progress", "fancy")]
    [InlineData("-t", "App:1")]
    [InlineData("-t", "")]
    public void Bad_values_are_usage_errors(string flag, string value) =>
        Assert.Throws<UsageException>(() => Options(flag, value, "."));

    [Fact]
    public void The_iidfile_is_made_absolute_and_only_an_image_output_owes_an_id()
    {
        Assert.Equal(Path.GetFullPath("iid"), Options("--iidfile", "iid", ".").IidFile);
        Assert.True(Options(".").StoresImage);
        Assert.False(Options("-o", "dir", ".").StoresImage);
        Assert.True(Options("-o", "type=image", "-o", "dir", ".").StoresImage);
    }

    [Fact]
    public void Normalize_owners_is_a_flag_sent_as_normalizeowners()
    {
        Assert.True(Options("--normalize-owners", ".").NormalizeOwners);
        Assert.False(Options(".").NormalizeOwners);
        Assert.Equal("build?normalizeowners=1", BuildRequest.Path(Options("--normalize-owners", "."), null));
        Assert.Equal("build", BuildRequest.Path(Options("."), null));
    }
}
