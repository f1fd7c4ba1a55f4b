namespace Bock.Kernel.Seccomp;

/// <summary>A seccomp profile that cannot be compiled; the message names the JSON path of the offending value.</summary>
public sealed class SeccompException(string message) : Exception(message);
