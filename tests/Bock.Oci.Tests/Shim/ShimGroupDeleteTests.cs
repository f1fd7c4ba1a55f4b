using System.Net.Sockets;
using System.Text;
using Bock.Oci.Shim;
using Bock.Oci.Tests.Support;

namespace Bock.Oci.Tests.Shim;

/// <summary>
/// The root shim's own requests (<c>&lt;root&gt;/shim.sock</c>): <c>delete ID</c> does what <c>bock-oci delete</c>
/// does, with real containers, and <c>hold</c> keeps the shim from exiting while its holder is connected.
/// </summary>
[Trait(Category.Name, Category.Privileged)]
[Collection(ShimCollection.Name)]
public sealed class ShimGroupDeleteTests
{
    [Fact]
    public async Task Delete_removes_an_exited_container_with_its_cgroup_and_state_and_refuses_a_running_one()
    {
        await using var exited = new TestBundle(["sh", "-c", "exit 4"]);
        await using var running = new TestBundle(["sh", "-c", "sleep 30"], stateRoot: exited.StateRoot);
        await using var created = new TestBundle(["true"], stateRoot: exited.StateRoot);
        var a = new ShimHarness(exited);
        var b = new ShimHarness(running);
        var c = new ShimHarness(created);
        var group = new ShimGroupPaths(exited.StateRoot);
        int shimPid = 0;
        try
        {
            shimPid = await a.StartAsync();
            using var hold = Connect(group.Socket);
            Assert.Equal("ok", Request(hold, "hold"));

            using (var waiter = a.Connect())
            {
                var wait = Task.Run(() => waiter.Request("wait"));
                Assert.Equal("ok", a.Request("start"));
                Assert.Contains("\"exitCode\":4", await wait.WaitAsync(TimeSpan.FromSeconds(20)));
            }
            Assert.True(exited.StateExists);
            Assert.NotEmpty(exited.LeftoverCgroups());

            Assert.Equal("ok", GroupRequest(group, $"delete {exited.Id}"));
            Assert.False(exited.StateExists, "the state directory is left");
            Assert.Empty(exited.LeftoverCgroups());
            Assert.False(File.Exists(a.Socket), "the container's socket is left");
            Assert.Equal(4, a.ReadExitFile().ExitCode); // the exit file is its owner's (bockd's) to remove
            Assert.StartsWith($"error container \"{exited.Id}\" does not exist", GroupRequest(group, $"delete {exited.Id}"));
            Assert.True(ShimHarness.IsAlive(shimPid), "the held shim exited with no container left");

            Assert.Equal(shimPid, await b.StartAsync());
            Assert.Equal("ok", b.Request("start"));
            Assert.Contains("not stopped: running", GroupRequest(group, $"delete {running.Id}"));
            Assert.Equal("running", b.State().GetProperty("status").GetString());

            // A created container's init only waits on its fifo: it goes without --force, as with bock-oci delete.
            Assert.Equal(shimPid, await c.StartAsync());
            var initPid = int.Parse(File.ReadAllText(c.PidFile));
            Assert.Equal("ok", GroupRequest(group, $"delete {created.Id}"));
            Assert.False(created.StateExists);
            Assert.Empty(created.LeftoverCgroups());
            Assert.False(ShimHarness.IsAlive(initPid), "the created container's init is still alive");
            Assert.Equal(137, c.ReadExitFile().ExitCode);

            // Let go: the shim exits once its last container has and nobody holds it.
            var delete = await running.OciAsync("delete", "--force", running.Id);
            Assert.True(delete.ExitCode == 0, delete.ToString());
            await Task.Delay(200);
            Assert.True(ShimHarness.IsAlive(shimPid), "the shim exited while held");
            hold.Dispose();
            await ShimHarness.WaitUntilGoneAsync(shimPid);
        }
        finally
        {
            await c.CleanUpAndCheckAsync(shimPid);
            await b.CleanUpAndCheckAsync(shimPid);
            await a.CleanUpAndCheckAsync(shimPid);
        }
    }

    [Fact]
    public async Task A_held_shim_exits_when_its_holder_lets_go_even_after_its_root_was_removed()
    {
        int shimPid;
        Socket hold;
        await using (var bundle = new TestBundle(["true"]))
        {
            var shim = new ShimHarness(bundle);
            shimPid = await shim.StartAsync();
            hold = Connect(new ShimGroupPaths(bundle.StateRoot).Socket);
            Assert.Equal("ok", Request(hold, "hold"));
            var delete = await bundle.OciAsync("delete", bundle.Id); // a created container goes without --force
            Assert.True(delete.ExitCode == 0, delete.ToString());
            await Task.Delay(200);
            Assert.True(ShimHarness.IsAlive(shimPid), "the shim exited while held");
        }
        // The holder (a daemon whose run root went first, a test's temporary root) ends after the root is gone.
        hold.Dispose();
        await ShimHarness.WaitUntilGoneAsync(shimPid);
    }

    private static Socket Connect(string path)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified) { ReceiveTimeout = 20_000 };
        socket.Connect(new UnixDomainSocketEndPoint(path));
        return socket;
    }

    private static string GroupRequest(ShimGroupPaths group, string line)
    {
        using var socket = Connect(group.Socket);
        return Request(socket, line);
    }

    private static string Request(Socket socket, string line)
    {
        socket.Send(Encoding.UTF8.GetBytes(line + "\n"));
        var reply = new List<byte>();
        var one = new byte[1];
        while (socket.Receive(one) == 1 && one[0] != '\n') reply.Add(one[0]);
        return Encoding.UTF8.GetString([.. reply]);
    }
}
