namespace Bock.Actors.Containers;

/// <summary>The two signals a stop sends (Linux numbers).</summary>
internal static class Signals
{
    public const int Term = 15;
    public const int Kill = 9;
}
