namespace Bockrose.Stacks;

/// <summary>The daemon refused or failed an operation; the message is its reason, as a user should read it.</summary>
public sealed class StackRuntimeException(string message) : Exception(message);
