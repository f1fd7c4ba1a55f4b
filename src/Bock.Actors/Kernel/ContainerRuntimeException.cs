namespace Bock.Actors.Kernel;

/// <summary>A runtime operation that failed; the message is the runtime's own explanation.</summary>
public sealed class ContainerRuntimeException(string message) : Exception(message);
