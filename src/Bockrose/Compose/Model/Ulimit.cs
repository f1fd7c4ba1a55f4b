namespace Bockrose.Compose.Model;

public sealed record Ulimit(long Soft, long Hard);
