using Akka.Actor;
using Bockrose.Compose;
using Bockrose.Stacks;
using static Bockrose.Stacks.StackProtocol;

namespace Bockrose.Tests.Stacks;

/// <summary>x-bock-probes: liveness failures restart a replica, readiness is what service_healthy waits for.</summary>
public sealed class StackProbeTests : StackTestBase
{
    private const string Probed = """
        services:
          api:
            image: busybox
            restart: always
            x-bock-probes:
              liveness: { tcp: { port: 9000 }, interval: 100ms, failure_threshold: 2 }
              readiness: { http: { port: 8080, path: /ready }, interval: 100ms, failure_threshold: 1 }
          client:
            image: busybox
            depends_on:
              api: { condition: service_healthy }
        """;

    [Fact]
    public async Task Readiness_gates_service_healthy_and_liveness_failures_restart_the_replica()
    {
        var directory = Directory_();
        Runtime.FailingProbes["p-api-1"] = true;
        var up = directory.Ask<object>(UpMessage(Request(Probed)), TimeSpan.FromSeconds(20));
        await EventuallyAsync(() => Runtime.Calls.Contains("start p-api-1"), "api started");
        // Not ready: client waits; not alive either: after two failed liveness probes api is restarted.
        await EventuallyAsync(() => Runtime.Calls.Contains("restart p-api-1"), "api restarted by its liveness probe");
        Assert.DoesNotContain("create p-client-1", Runtime.Calls);
        Assert.Equal("not ready", (await StatusAsync(directory, "api")).Health);
        // No traffic before the first pass: out of the service's DNS from before its start.
        var calls = Runtime.Calls.ToList();
        Assert.True(calls.IndexOf("withhold p-api-1") is >= 0 and var at && at < calls.IndexOf("start p-api-1"), string.Join(", ", calls));
        Assert.True(Runtime.Withheld.ContainsKey("p-api-1"));

        Runtime.FailingProbes.Clear();
        Assert.Null((await DoneAsync(up)).Error);
        Assert.Contains("create p-client-1", Runtime.Calls);
        Assert.Equal("ready", (await StatusAsync(directory, "api")).Health);
        await EventuallyAsync(() => !Runtime.Withheld.ContainsKey("p-api-1"), "api back in its service's DNS once ready");
        Assert.Contains("p-api-1:8080", Runtime.Probes);
        Assert.Contains("p-api-1:9000", Runtime.Probes);
    }

    [Fact]
    public async Task A_replica_that_stops_being_ready_leaves_the_service_dns_and_comes_back_when_ready_again()
    {
        var directory = Directory_();
        const string file = """
            services:
              api:
                image: busybox
                deploy: { replicas: 2 }
                x-bock-probes:
                  readiness: { tcp: { port: 8080 }, interval: 100ms, failure_threshold: 2 }
            """;
        Assert.Null((await DoneAsync(directory.Ask<object>(UpMessage(Request(file), wait: true), TimeSpan.FromSeconds(20)))).Error);
        await EventuallyAsync(() => Runtime.Withheld.IsEmpty, "both replicas ready and in DNS");

        Runtime.FailingProbes["p-api-2"] = true;
        await EventuallyAsync(() => Runtime.Withheld.ContainsKey("p-api-2"), "the failing replica withheld");
        Assert.False(Runtime.Withheld.ContainsKey("p-api-1"));
        Assert.Equal("not ready", (await StatusAsync(directory, "api")).Health);
        Assert.DoesNotContain("restart p-api-2", Runtime.Calls); // readiness never restarts: that is liveness's job

        Runtime.FailingProbes.Clear();
        await EventuallyAsync(() => Runtime.Withheld.IsEmpty, "the replica back once ready");
    }

    [Fact]
    public void A_malformed_probe_names_its_key()
    {
        var project = StackLoading.Load(Request("services:\n  api:\n    image: busybox\n    x-bock-probes:\n      liveness: { tcp: { port: 99999 } }\n")).Project;
        var error = Assert.Throws<ComposeException>(() => BockProbes.Of(project.Services["api"]));
        Assert.Contains("services.api.x-bock-probes.liveness.tcp.port", error.Message);
        project = StackLoading.Load(Request("services:\n  api:\n    image: busybox\n    x-bock-probes:\n      alive: { tcp: { port: 80 } }\n")).Project;
        Assert.Contains("unknown probe \"alive\"", Assert.Throws<ComposeException>(() => BockProbes.Of(project.Services["api"])).Message);
    }
}
