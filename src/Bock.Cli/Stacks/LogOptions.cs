namespace Bock.Cli.Stacks;

/// <summary>
/// How <see cref="ProjectLogs"/> shows lines. <see cref="Tail"/> is the API's (a number or "all"); <see cref="Since"/>
/// (Unix seconds) limits the containers there at the start, as <c>up</c> shows only what its own run printed;
/// <see cref="Announce"/> prints compose's "Attaching to …" first.
/// </summary>
internal sealed record LogOptions(bool Follow, string? Tail, bool Timestamps, bool Colour, bool NoPrefix, long? Since = null, bool Announce = false);
