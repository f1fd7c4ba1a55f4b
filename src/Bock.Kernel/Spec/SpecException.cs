namespace Bock.Kernel.Spec;

/// <summary>A config.json that cannot be used: the message names the file and the JSON path of the offending value.</summary>
public sealed class SpecException(string message) : Exception(message);
