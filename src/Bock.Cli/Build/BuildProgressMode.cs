namespace Bock.Cli.Build;

internal enum BuildProgressMode
{
    /// <summary><see cref="Tty"/> when stderr is a terminal, else <see cref="Plain"/>.</summary>
    Auto,

    /// <summary>The daemon's BuildKit-like lines as they come.</summary>
    Plain,

    /// <summary>A live view, one line per running step, redrawn in place.</summary>
    Tty,
}
