namespace Bock.Oci.Runtime;

/// <summary>A user-facing failure: its message is the one line bock-oci prints before exiting non-zero.</summary>
public sealed class OciException(string message) : Exception(message);
