namespace Bockrose.Compose.Variables;

/// <summary>An interpolation failed; the caller adds where the string was written.</summary>
internal sealed class InterpolationException(string message) : Exception(message);
