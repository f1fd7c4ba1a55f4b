namespace Bock.Kernel.Terminal;

/// <summary>An open pseudo-terminal master and the path of its slave (e.g. /dev/pts/3).</summary>
public readonly record struct PtyMaster(int Fd, string SlavePath, int Number);
