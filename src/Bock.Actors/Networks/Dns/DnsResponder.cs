using System.Net.Sockets;
using Akka.Actor;
using Akka.Event;
using static Bock.Actors.Networks.Dns.DnsResponderProtocol;

namespace Bock.Actors.Networks.Dns;

/// <summary>
/// bockd's embedded DNS server, Docker's 127.0.0.11. The actor owns the name table and the per-container servers;
/// the queries themselves never pass through its mailbox. A mailbox hop per query would serialise every container's
/// lookups on one actor and add its latency to each; instead each <see cref="ContainerDnsServer"/> runs its own
/// loops and reads the immutable table the actor last published, so an answer costs a dictionary lookup and a
/// change is visible to the very next query. See docs/implementation-plan.md (Networking, DNS).
/// </summary>
public sealed class DnsResponder : ReceiveActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, ContainerDnsServer> _servers = new(StringComparer.Ordinal);
    private readonly PublishedDnsState _published;
    private DnsNameTable _table = DnsNameTable.Empty;
    private DnsResponderSettings _settings;

    public DnsResponder(DnsResponderSettings settings)
    {
        _settings = settings;
        _published = new PublishedDnsState(new DnsServingState(_table, _settings));
        Receive<RegisterSockets>(Register);
        Receive<UnregisterSockets>(command =>
        {
            StopServing(command.ContainerId);
            Publish(_table.WithAliasesServed(command.ContainerId, true)); // the container is going: forget the choice
            Sender.Tell(new SocketsUnregistered(command.ContainerId));
        });
        Receive<SetEndpoint>(SetEndpointOf);
        Receive<RemoveEndpoint>(command =>
        {
            Publish(_table.WithoutEndpoint(command.NetworkId, command.ContainerId));
            Sender.Tell(new EndpointRemoved(command.NetworkId, command.ContainerId));
        });
        Receive<RemoveContainerEndpoints>(command =>
        {
            Publish(_table.WithoutContainer(command.ContainerId));
            Sender.Tell(new ContainerEndpointsRemoved(command.ContainerId));
        });
        Receive<RemoveNetwork>(command =>
        {
            Publish(_table.WithoutNetwork(command.NetworkId));
            Sender.Tell(new NetworkRemoved(command.NetworkId));
        });
        Receive<SetUpstreams>(command =>
        {
            _settings = _settings with { Upstreams = command.Upstreams };
            Publish(_table);
            Sender.Tell(new UpstreamsSet(command.Upstreams));
        });
        Receive<SetAliasesServed>(command =>
        {
            Publish(_table.WithAliasesServed(command.ContainerId, command.Served));
            Sender.Tell(new AliasesServedSet(command.ContainerId, command.Served));
        });
        Receive<GetNameTable>(_ => Sender.Tell(new NameTable(_table)));
    }

    public static Props Props(DnsResponderSettings settings) => Akka.Actor.Props.Create(() => new DnsResponder(settings));

    protected override void PostStop()
    {
        foreach (var server in _servers.Values) server.Dispose();
        _servers.Clear();
    }

    private void Register(RegisterSockets command)
    {
        // A repeated registration (a retry) changes nothing.
        if (_servers.TryGetValue(command.ContainerId, out var current) && current.Serves(command.Udp, command.Tcp))
        {
            Sender.Tell(new SocketsRegistered(command.ContainerId));
            return;
        }
        // A container that restarted in a new namespace brings new sockets: the old ones go.
        StopServing(command.ContainerId);
        ContainerDnsServer server;
        try
        {
            server = new ContainerDnsServer(command.ContainerId, command.Udp, command.Tcp, _published, _log);
            server.Start();
        }
        catch (Exception e) when (e is ArgumentException or SocketException or ObjectDisposedException)
        {
            command.Udp.Dispose();
            command.Tcp?.Dispose();
            Sender.Tell(new DnsCommandRejected(command, e.Message));
            return;
        }
        _servers[command.ContainerId] = server;
        Sender.Tell(new SocketsRegistered(command.ContainerId));
    }

    private void StopServing(string containerId)
    {
        if (_servers.Remove(containerId, out var server)) server.Dispose();
    }

    private void SetEndpointOf(SetEndpoint command)
    {
        try
        {
            Publish(_table.WithEndpoint(command.Endpoint));
        }
        catch (ArgumentException e)
        {
            Sender.Tell(new DnsCommandRejected(command, e.Message));
            return;
        }
        Sender.Tell(new EndpointSet(command.Endpoint));
    }

    private void Publish(DnsNameTable table)
    {
        _table = table;
        _published.Current = new DnsServingState(table, _settings);
    }
}
