namespace Bock.Host.Streams;

/// <summary>The stream ids of Docker's multiplexed framing (stdcopy).</summary>
public enum StdStream : byte
{
    Stdin = 0,
    Stdout = 1,
    Stderr = 2,
}
