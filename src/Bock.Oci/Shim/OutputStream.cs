namespace Bock.Oci.Shim;

/// <summary>The stream ids of Docker's attach multiplexing (the first byte of a frame header).</summary>
public enum OutputStream : byte
{
    Stdin = 0,
    Stdout = 1,
    Stderr = 2,
}
