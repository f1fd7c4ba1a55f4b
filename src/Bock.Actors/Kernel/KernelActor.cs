using Akka.Actor;
using Bock.Actors.Networks;
using static Bock.Actors.Kernel.KernelProtocol;

namespace Bock.Actors.Kernel;

/// <summary>
/// Runs privileged operations on the one OS thread its pinned dispatcher gives it. A failing operation becomes an
/// <see cref="OperationFailed"/> reply: one container's broken bundle must not restart the thread serving others.
/// </summary>
public sealed class KernelActor : ReceiveActor
{
    private readonly IContainerRuntime _runtime;
    private readonly INetworkKernel _network;

    /// <param name="network">Bridges, namespaces and veths; absent (e.g. in tests of containers alone), network work fails.</param>
    public KernelActor(IContainerRuntime runtime, INetworkKernel? network = null)
    {
        _runtime = runtime;
        _network = network ?? NoNetworkKernel.Instance;
        Receive<CreateContainer>(c => Execute(c, () => _runtime.Create(c.ContainerId, c.BundlePath)));
        Receive<StartContainer>(c => Execute(c, () => _runtime.Start(c.ContainerId)));
        Receive<KillContainer>(c => Execute(c, () => _runtime.Kill(c.ContainerId, c.Signal)));
        Receive<PauseContainer>(c => Execute(c, () => _runtime.Pause(c.ContainerId)));
        Receive<ResumeContainer>(c => Execute(c, () => _runtime.Resume(c.ContainerId)));
        Receive<DeleteContainer>(c => Execute(c, () => _runtime.Delete(c.ContainerId, c.Force)));
        Receive<CreateBridge>(c => Execute(c, () => _network.CreateBridge(c.Bridge, c.Forward)));
        Receive<DeleteBridge>(c => Execute(c, () => _network.DeleteBridge(c.BridgeName)));
        Receive<CreateSandbox>(c => Execute(c, () => _network.CreateSandbox(c.NetnsPath)));
        Receive<DeleteSandbox>(c => Execute(c, () => _network.DeleteSandbox(c.NetnsPath)));
        Receive<ConnectEndpoint>(c => Execute(c, () => _network.Connect(c.Endpoint)));
        Receive<DisconnectEndpoint>(c => Execute(c, () => _network.Disconnect(c.HostLink)));
        Receive<AddNetworkRules>(c => Execute(c, () => _network.Firewall.AddNetwork(c.Network)));
        Receive<RemoveNetworkRules>(c => Execute(c, () => _network.Firewall.RemoveNetwork(c.NetworkId)));
        Receive<PublishPorts>(c => Execute(c, () => _network.Firewall.PublishPorts(c.ContainerId, c.Ports)));
        Receive<UnpublishPorts>(c => Execute(c, () => _network.Firewall.UnpublishPorts(c.ContainerId)));
        Receive<ReconcileFirewall>(c => Execute(c, () => _network.Firewall.Reconcile(c.Live)));
        Receive<OpenDnsSockets>(c => Reply(c, () => new DnsSocketsOpened(c.ContainerId, _network.OpenDnsSockets(c.NetnsPath))));
        Receive<GetRuntimeState>(c => Reply(c, () => _runtime.State(c.ContainerId)));
        Receive<GetKernelThread>(_ => Sender.Tell(new KernelThread(Environment.CurrentManagedThreadId, Thread.CurrentThread.Name)));
        Receive<WaitForExit>(WaitForExitOf);
        Receive<ExecInContainer>(ExecIn);
    }

    public static Props Props(IContainerRuntime runtime, INetworkKernel? network = null) => Akka.Actor.Props.Create(() => new KernelActor(runtime, network));

    private void Execute(KernelCommand command, Action operation) =>
        Reply(command, () =>
        {
            operation();
            return new OperationCompleted(command);
        });

    private void Reply(KernelCommand command, Func<object> operation)
    {
        object reply;
        try
        {
            reply = operation();
        }
        catch (Exception e)
        {
            reply = new OperationFailed(command, e.Message);
        }
        Sender.Tell(reply);
    }

    // Waiting is not kernel work: the wait runs off this thread so that other containers' operations go on.
    private void WaitForExitOf(WaitForExit command) =>
        PipeReply(command, () => _runtime.WaitForExitAsync(command.ContainerId, CancellationToken.None),
            exit => new ContainerExited(command.ContainerId, exit));

    private void ExecIn(ExecInContainer command) =>
        PipeReply(command, () => _runtime.ExecAsync(command.ContainerId, command.Request, CancellationToken.None),
            result => new ExecCompleted(command.ContainerId, command.Request, result));

    private void PipeReply<T>(KernelCommand command, Func<Task<T>> operation, Func<T, object> success)
    {
        Task<T> task;
        try
        {
            task = operation();
        }
        catch (Exception e)
        {
            Sender.Tell(new OperationFailed(command, e.Message));
            return;
        }
        task.PipeTo(Sender, success: success,
            failure: e => new OperationFailed(command, (e is AggregateException { InnerException: { } inner } ? inner : e).Message));
    }
}
