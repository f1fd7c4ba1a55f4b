using Akka.Actor;
using Bock.Api.Dtos;
using Bockrose.Stacks;
using static Bockrose.Stacks.StackProtocol;

namespace Bockrose.Tests.Stacks;

/// <summary>A stack directory over a <see cref="FakeStackRuntime"/>, with a compose file written to a directory of the test's own.</summary>
public abstract class StackTestBase : Akka.TestKit.Xunit2.TestKit, IDisposable
{
    protected readonly string Dir = Directory.CreateTempSubdirectory("bockrose-stacks").FullName;
    protected readonly FakeStackRuntime Runtime = new();
    protected readonly List<StackProgress> Progress = [];

    protected IActorRef Directory_(IStackStore? store = null)
    {
        var directory = Sys.ActorOf(StackDirectory.Props(Runtime, store ?? new NoStackStore(), s => StackLoading.Define(s.Request, s.Scale)));
        Runtime.Events = directory;
        return directory;
    }

    protected StackRequest Request(string compose)
    {
        File.WriteAllText(Path.Combine(Dir, "compose.yaml"), compose);
        return new StackRequest { WorkingDir = Dir, ProjectName = "p" };
    }

    protected Up UpMessage(StackRequest request, IReadOnlyDictionary<string, int>? scale = null, bool wait = false) =>
        new(StackLoading.Define(request, scale ?? new Dictionary<string, int>()), new StackUpRequest { Project = request, Wait = wait, Scale = scale ?? new Dictionary<string, int>() },
            p => { lock (Progress) Progress.Add(p); });

    protected static async Task<OperationDone> DoneAsync(Task<object> reply) => Assert.IsType<OperationDone>(await reply);

    protected async Task EventuallyAsync(Func<bool> condition, string what, int timeoutMs = 5000)
    {
        var until = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (!condition())
        {
            if (DateTime.UtcNow > until) Assert.Fail($"timed out waiting for {what}; calls: {string.Join(" | ", Runtime.Calls)}");
            await Task.Delay(20);
        }
    }

    protected async Task<ServiceStatus> StatusAsync(IActorRef directory, string service) =>
        (await directory.Ask<StackDetail>(new GetStack("p"), TimeSpan.FromSeconds(5))).Services.Single(s => s.Name == service);

    public new void Dispose()
    {
        base.Dispose();
        Directory.Delete(Dir, recursive: true);
        GC.SuppressFinalize(this);
    }
}
