using System.Collections.Immutable;
using Bockrose.Compose;

namespace Bockrose.Tests;

/// <summary>The loader's public entry point, on projects written to a temporary directory.</summary>
public sealed class ComposeLoaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("bockrose-loader").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string relative, string text)
    {
        var path = Path.Combine(_dir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    private LoadedProject Load(Func<LoadOptions, LoadOptions>? configure = null) =>
        ComposeLoader.Load((configure ?? (o => o))(new LoadOptions { WorkingDirectory = _dir }));

    private string Error(Func<LoadOptions, LoadOptions>? configure = null) =>
        Assert.Throws<ComposeException>(() => Load(configure)).Message;

    [Fact]
    public void Extensions_reach_the_model_as_plain_data_for_the_orchestrator()
    {
        Write("compose.yaml", "services:\n  app:\n    image: a\n    x-bock-probes:\n      liveness: {http: /healthz, port: 8080}\n");
        var service = Load().Project.Services["app"];
        var probes = Assert.IsType<ImmutableSortedDictionary<string, object?>>(service.Extensions["x-bock-probes"]);
        var liveness = Assert.IsType<ImmutableSortedDictionary<string, object?>>(probes["liveness"]);
        Assert.Equal("/healthz", liveness["http"]);
        Assert.Equal(8080L, liveness["port"]);
    }

    [Fact]
    public void Disabled_services_are_listed()
    {
        Write("compose.yaml", "services:\n  app: {image: a}\n  dbg: {image: b, profiles: [debug]}\n");
        var project = Load().Project;
        Assert.Equal(["app"], project.Services.Keys);
        Assert.Equal(["dbg"], project.DisabledServices.ToArray());
        Assert.Equal(["app", "dbg"], Load(o => o with { Profiles = ["*"] }).Project.Services.Keys);
    }

    [Fact]
    public void Compose_file_variable_and_project_directory()
    {
        Write("conf/a.yaml", "services:\n  app:\n    build: ./ctx\n");
        Write("conf/b.yaml", "services:\n  app:\n    image: b\n");
        var loaded = Load(o => o with
        {
            Environment = new Dictionary<string, string> { ["COMPOSE_FILE"] = "conf/a.yaml,conf/b.yaml", ["COMPOSE_PATH_SEPARATOR"] = "," },
            ProjectDirectory = "conf",
        });
        Assert.Equal("conf", loaded.Project.Name);
        Assert.Equal(Path.Combine(_dir, "conf", "ctx"), loaded.Project.Services["app"].Build!.Context);
        Assert.Equal("b", loaded.Project.Services["app"].Image);
    }

    [Fact]
    public void An_override_that_only_adds_build_args_keeps_the_base_context()
    {
        Write("compose.yaml", "services:\n  app:\n    build: {context: ./src}\n");
        Write("args.yaml", "services:\n  app:\n    build: {args: [A=1]}\n");
        Write("bare.yaml", "services:\n  bare:\n    build: {dockerfile: Containerfile}\n");
        var project = Load(o => o with { Files = ["compose.yaml", "args.yaml", "bare.yaml"] }).Project;
        Assert.Equal(Path.Combine(_dir, "src"), project.Services["app"].Build!.Context);
        Assert.Equal("1", project.Services["app"].Build!.Args["A"]);
        Assert.Equal(_dir, project.Services["bare"].Build!.Context);
    }

    [Fact]
    public void Compose_file_from_the_working_directory_dotenv()
    {
        Write("deploy/main.yaml", "services:\n  app: {image: from-dotenv-compose-file}\n");
        Write(".env", "COMPOSE_FILE=deploy/main.yaml\n");
        var loaded = Load();
        Assert.Equal([Path.Combine(_dir, "deploy", "main.yaml")], loaded.Files);
        Assert.Equal("from-dotenv-compose-file", loaded.Project.Services["app"].Image);
    }

    [Fact]
    public void The_shell_environment_wins_over_dotenv_and_names_the_project()
    {
        Write("compose.yaml", "services:\n  app:\n    image: img:${TAG}\n");
        Write(".env", "TAG=dotenv\nCOMPOSE_PROJECT_NAME=from-env\n");
        var loaded = Load(o => o with { Environment = new Dictionary<string, string> { ["TAG"] = "shell" } });
        Assert.Equal("img:shell", loaded.Project.Services["app"].Image);
        Assert.Equal("from-env", loaded.Project.Name);
    }

    [Fact]
    public void Nothing_to_load()
    {
        // The search walks up to the root; the temporary directory's parents hold no compose file.
        var empty = Directory.CreateDirectory(Path.Combine(_dir, "empty")).FullName;
        var message = Assert.Throws<ComposeException>(() => ComposeLoader.Load(new LoadOptions { WorkingDirectory = empty })).Message;
        Assert.StartsWith("no configuration file provided: none of compose.yaml, compose.yml, docker-compose.yaml, docker-compose.yml, bockrose.yaml in ", message);
    }

    [Fact]
    public void Bad_command_line_values()
    {
        Write("compose.yaml", "services:\n  app: {image: a}\n");
        Assert.Equal("invalid project name \"Bad Name\" from -p: it must contain only lowercase letters, digits, dashes and underscores, and start with a letter or digit",
            Error(o => o with { ProjectName = "Bad Name" }));
        Assert.Equal("env file missing.env not found", Error(o => o with { EnvFiles = ["missing.env"] }));
        Assert.Equal("reading a compose file from standard input (-f -) is not supported by bockrose", Error(o => o with { Files = ["-"] }));
        Assert.Equal("compose file nope.yaml not found", Error(o => o with { Files = ["nope.yaml"] }));
    }

    [Fact]
    public void Include_conflicts_and_missing_extends_targets_are_errors()
    {
        Write("compose.yaml", "include: [sub/compose.yaml]\nservices:\n  app: {image: a}\n");
        Write("sub/compose.yaml", "services:\n  app: {image: b}\n");
        Assert.Equal("compose.yaml:3:3: services.app conflicts with the one imported by include at compose.yaml:1:11", Error());

        Write("compose.yaml", "services:\n  app:\n    extends: {service: base, file: other.yaml}\n");
        Write("other.yaml", "services:\n  notbase: {image: b}\n");
        Assert.Equal("compose.yaml:3:14: services.app.extends: service \"base\" not found in other.yaml", Error());
    }

    [Fact]
    public void Errors_in_an_extended_file_point_into_that_file()
    {
        Write("compose.yaml", "services:\n  app:\n    extends: {service: base, file: lib/base.yaml}\n");
        Write("lib/base.yaml", "services:\n  base:\n    image: b\n    imagee: c\n");
        Assert.Equal("lib/base.yaml:4:5: services.base: unknown key \"imagee\" (did you mean \"image\"?)", Error());
    }

    [Fact]
    public void A_service_needs_an_image_or_a_build()
    {
        Write("compose.yaml", "services:\n  app:\n    command: [\"true\"]\n");
        Assert.Equal("compose.yaml:3:5: services.app: has neither an image nor a build context", Error());
    }
}
