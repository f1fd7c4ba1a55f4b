using System.Text.Json.Nodes;
using Bock.Builder.Bockfile;
using Bock.Builder.Graph;

namespace Bock.Builder.Tests.Bockfile;

/// <summary>
/// A Bockfile says what a Dockerfile says: for each pair, the Bockfile compiles to the graph written here by hand
/// from the Dockerfile's meaning, locations aside (the Dockerfile side of each pair is compiled and compared too, in
/// the Dockerfile front end's cross-check tests).
/// </summary>
public sealed class BockfileEquivalenceTests
{
    private static readonly SourceLocation Anywhere = new("-", 0, 0);
    private static readonly string[] Sh = ["/bin/sh", "-c"];
    private static readonly Dictionary<string, string> NoArgs = new();

    public const string MultiStageDockerfile = """
        FROM golang:1.23 AS build
        WORKDIR /src
        COPY go.mod go.sum ./
        RUN --mount=type=cache,target=/root/.cache/go-build go build -o /out/app .
        FROM scratch AS final
        COPY --from=build /out/app /app
        ENTRYPOINT ["/app"]
        """;

    public const string MultiStageBockfile = """
        version: 1
        stages:
          build:
            from: golang:1.23
            steps:
              - workdir: /src
              - copy: [go.mod, go.sum]
                to: ./
              - run: go build -o /out/app .
                mounts:
                  - type: cache
                    target: /root/.cache/go-build
          final:
            from: scratch
            steps:
              - copy: /out/app
                from: build
                to: /app
            entrypoint: [/app]
        """;

    [Fact]
    public void Multi_stage_with_a_cache_mount_and_copy_from_a_stage()
    {
        var expected = new BuildGraph(
        [
            new BuildStage("build", 0, new StageBase.Image("golang:1.23"),
            [
                new WorkdirStep(Anywhere, "/src"),
                new CopyStep(Anywhere, ["go.mod", "go.sum"], "./"),
                new RunStep(Anywhere, ["go build -o /out/app ."], true, Sh, NoArgs, [new RunMount("cache", "/root/.cache/go-build")]),
            ], Anywhere),
            new BuildStage("final", 1, new StageBase.Scratch(),
            [
                new CopyStep(Anywhere, ["/out/app"], "/app") { FromStage = "build" },
                new EntrypointStep(Anywhere, ["/app"]),
            ], Anywhere),
        ], "final");
        AssertSameGraph(expected, BockfileFrontEnd.Parse(MultiStageBockfile, "Bockfile", NoArgs, null));
    }

    public const string ArgsDockerfile = """
        ARG BASE=alpine:3.20
        ARG VERSION=1.0
        FROM ${BASE} AS app
        ARG VERSION
        ENV APP_VERSION=${VERSION}
        RUN echo "$VERSION" > /version
        LABEL version=${VERSION}
        """;

    public const string ArgsBockfile = """
        version: 1
        args:
          BASE: alpine:3.20
          VERSION: "1.0"
        stages:
          app:
            from: ${BASE}
            steps:
              - arg: VERSION
              - env:
                  APP_VERSION: ${VERSION}
              - run: echo "$VERSION" > /version
            labels:
              version: ${VERSION}
        """;

    [Fact]
    public void Global_args_reach_from_and_a_stage_arg_brings_one_into_the_stage()
    {
        var expected = new BuildGraph(
        [
            new BuildStage("app", 0, new StageBase.Image("alpine:3.21"),
            [
                new ArgStep(Anywhere, "VERSION", null),
                new EnvStep(Anywhere, [KeyValuePair.Create("APP_VERSION", "2.0")]),
                new RunStep(Anywhere, ["echo \"$VERSION\" > /version"], true, Sh, new Dictionary<string, string> { ["VERSION"] = "2.0" }, []),
                new LabelStep(Anywhere, [KeyValuePair.Create("version", "2.0")]),
            ], Anywhere),
        ], "app");
        var buildArgs = new Dictionary<string, string> { ["BASE"] = "alpine:3.21", ["VERSION"] = "2.0" };
        AssertSameGraph(expected, BockfileFrontEnd.Parse(ArgsBockfile, "Bockfile", buildArgs, null));
    }

    public const string ConfigDockerfile = """
        FROM debian:bookworm-slim AS server
        SHELL ["/bin/bash", "-c"]
        RUN useradd app
        ENV HOME=/home/app
        EXPOSE 80 53/udp
        VOLUME ["/data"]
        WORKDIR /srv
        USER app
        STOPSIGNAL SIGQUIT
        HEALTHCHECK --interval=30s --retries=3 CMD wget -q -O /dev/null http://localhost/
        ENTRYPOINT exec server
        CMD ["--verbose"]
        """;

    public const string ConfigBockfile = """
        version: 1
        stages:
          server:
            from: debian:bookworm-slim
            steps:
              - shell: [/bin/bash, -c]
              - run: useradd app
            env:
              HOME: /home/app
            expose: [80, 53/udp]
            volumes: [/data]
            workdir: /srv
            user: app
            stop_signal: SIGQUIT
            healthcheck:
              test: wget -q -O /dev/null http://localhost/
              interval: 30s
              retries: 3
            entrypoint: exec server
            cmd: [--verbose]
        """;

    [Fact]
    public void Image_config_and_a_shell_that_wraps_the_shell_form_entrypoint()
    {
        string[] bash = ["/bin/bash", "-c"];
        var expected = new BuildGraph(
        [
            new BuildStage("server", 0, new StageBase.Image("debian:bookworm-slim"),
            [
                new ShellStep(Anywhere, bash),
                new RunStep(Anywhere, ["useradd app"], true, bash, NoArgs, []),
                new EnvStep(Anywhere, [KeyValuePair.Create("HOME", "/home/app")]),
                new ExposeStep(Anywhere, ["80/tcp", "53/udp"]),
                new VolumeStep(Anywhere, ["/data"]),
                new WorkdirStep(Anywhere, "/srv"),
                new UserStep(Anywhere, "app"),
                new StopSignalStep(Anywhere, "SIGQUIT"),
                new HealthcheckStep(Anywhere, ["CMD-SHELL", "wget -q -O /dev/null http://localhost/"]) { Interval = TimeSpan.FromSeconds(30), Retries = 3 },
                new EntrypointStep(Anywhere, ["/bin/bash", "-c", "exec server"]),
                new CmdStep(Anywhere, ["--verbose"]),
            ], Anywhere),
        ], "server");
        AssertSameGraph(expected, BockfileFrontEnd.Parse(ConfigBockfile, "Bockfile", NoArgs, null));
    }

    public const string CopyDockerfile = """
        FROM busybox:1.36 AS tools
        FROM debian:bookworm-slim AS app
        COPY --from=tools --chown=app:app --chmod=0755 /bin/busybox /usr/local/bin/
        ADD --checksum=sha256:0123abcd https://example.com/a.tar.gz /opt/
        RUN --network=none --mount=type=bind,from=tools,source=/bin,target=/tools /tools/busybox true
        """;

    public const string CopyBockfile = """
        version: 1
        stages:
          tools:
            from: busybox:1.36
          app:
            from: debian:bookworm-slim
            steps:
              - copy: /bin/busybox
                from: tools
                to: /usr/local/bin/
                chown: app:app
                chmod: "0755"
              - add: https://example.com/a.tar.gz
                to: /opt/
                checksum: sha256:0123abcd
              - run: /tools/busybox true
                network: none
                mounts:
                  - type: bind
                    from: tools
                    source: /bin
                    target: /tools
        """;

    [Fact]
    public void Copy_add_and_a_bind_mount_from_another_stage()
    {
        var expected = new BuildGraph(
        [
            new BuildStage("tools", 0, new StageBase.Image("busybox:1.36"), [], Anywhere),
            new BuildStage("app", 1, new StageBase.Image("debian:bookworm-slim"),
            [
                new CopyStep(Anywhere, ["/bin/busybox"], "/usr/local/bin/") { FromStage = "tools", Chown = "app:app", Chmod = "0755" },
                new CopyStep(Anywhere, ["https://example.com/a.tar.gz"], "/opt/") { IsAdd = true, Checksum = "sha256:0123abcd" },
                new RunStep(Anywhere, ["/tools/busybox true"], true, Sh, NoArgs,
                    [new RunMount("bind", "/tools") { FromStage = "tools", Source = "/bin", ReadOnly = true }]) { Network = "none" },
            ], Anywhere),
        ], "app");
        AssertSameGraph(expected, BockfileFrontEnd.Parse(CopyBockfile, "Bockfile", NoArgs, null));
    }

    private static void AssertSameGraph(BuildGraph expected, BuildGraph actual) =>
        Assert.Equal(WithoutLocations(BuildGraphJson.Serialize(expected)), WithoutLocations(BuildGraphJson.Serialize(actual)));

    /// <summary>The canonical JSON with every "location" removed: where a thing is written differs between the two languages.</summary>
    private static string WithoutLocations(string json)
    {
        var node = JsonNode.Parse(json)!;
        void Strip(JsonNode? n)
        {
            switch (n)
            {
                case JsonObject o:
                    o.Remove("location");
                    foreach (var (_, child) in o) Strip(child);
                    break;
                case JsonArray a:
                    foreach (var child in a) Strip(child);
                    break;
            }
        }
        Strip(node);
        return node.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
    }
}
